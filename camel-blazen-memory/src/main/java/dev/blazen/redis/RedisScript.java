package dev.blazen.redis;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script, run atomically on the server by its SHA-1 (EVALSHA), so a call sends the script's name, not its text.
 * When the server does not know the script (it restarted, or someone ran SCRIPT FLUSH) the refused call is sent again
 * as EVAL with the text, which also caches the script for the next EVALSHA: a call costs one round trip, two the
 * first time after the cache was lost. Resending is safe because a refused EVALSHA ran nothing.
 */
public final class RedisScript {

    private final byte[] body;
    private final byte[] sha;

    public RedisScript(String body) {
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(this.body);
    }

    /** Runs the script once and returns its reply. */
    public Object eval(Jedis jedis, List<byte[]> keys, List<byte[]> args) {
        try {
            return jedis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return jedis.eval(body, keys, args);
        }
    }

    /** Runs the script once per call, all calls in one pipeline, and returns their replies in order. */
    public List<Object> evalAll(Jedis jedis, List<Call> calls) {
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try (Pipeline p = jedis.pipelined()) {
            for (Call c : calls) {
                responses.add(p.evalsha(sha, c.keys(), c.args()));
            }
            p.sync();
        }
        List<Object> results = new ArrayList<>(calls.size());
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            try {
                results.add(responses.get(i).get());
            } catch (JedisNoScriptException e) {
                results.add(null);
                refused.add(i);
            }
        }
        if (!refused.isEmpty()) {
            List<Response<Object>> again = new ArrayList<>(refused.size());
            try (Pipeline p = jedis.pipelined()) {
                for (int i : refused) {
                    again.add(p.eval(body, calls.get(i).keys(), calls.get(i).args()));
                }
                p.sync();
            }
            for (int k = 0; k < refused.size(); k++) {
                results.set(refused.get(k), again.get(k).get());
            }
        }
        return results;
    }

    /** The hexadecimal SHA-1 that EVALSHA names the script by. */
    public String sha() {
        return new String(sha, StandardCharsets.US_ASCII);
    }

    private static byte[] sha1(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(body);
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    /** One run of a script: its keys and its arguments. */
    public record Call(List<byte[]> keys, List<byte[]> args) {
    }
}
