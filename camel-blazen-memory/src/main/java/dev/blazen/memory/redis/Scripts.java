package dev.blazen.memory.redis;

import dev.blazen.redis.RedisScript;

/**
 * The Lua scripts that write entries: each runs atomically on the server, so an entry, its id-set membership and its
 * band memberships always change together. An entry hash keeps its band keys (without the store prefix) in its
 * {@code bands} field, which is how an update or a delete finds the memberships to remove.
 */
final class Scripts {

    /**
     * Put one entry. KEYS: 1 the entry hash, 2 the id set, 3.. the new band sets. ARGV: 1 id, 2 the band-key prefix
     * ({@code <prefix>b:}), 3 text, 4 metadata JSON, 5 text SimHash, 6 vector bytes, 7 vector SimHash ("" when the
     * entry has no vector), 8 the new bands field. Returns 1 when it replaced an entry, 0 when it added one.
     */
    static final RedisScript PUT = new RedisScript("""
            local old = redis.call('HGET', KEYS[1], 'bands')
            if old then
              for band in string.gmatch(old, '%S+') do
                redis.call('SREM', ARGV[2] .. band, ARGV[1])
              end
            end
            local existed = redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'text', ARGV[3], 'metadata', ARGV[4], 'textSimHash', ARGV[5])
            if ARGV[7] ~= '' then
              redis.call('HSET', KEYS[1], 'vector', ARGV[6], 'vectorSimHash', ARGV[7], 'bands', ARGV[8])
              for i = 3, #KEYS do
                redis.call('SADD', KEYS[i], ARGV[1])
              end
            end
            redis.call('SADD', KEYS[2], ARGV[1])
            return existed
            """);

    /**
     * Delete one entry. KEYS: 1 the entry hash, 2 the id set. ARGV: 1 id, 2 the band-key prefix. Returns 1 when the
     * entry existed.
     */
    static final RedisScript DELETE = new RedisScript("""
            local old = redis.call('HGET', KEYS[1], 'bands')
            if old then
              for band in string.gmatch(old, '%S+') do
                redis.call('SREM', ARGV[2] .. band, ARGV[1])
              end
            end
            local existed = redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            return existed
            """);

    private Scripts() {
    }
}
