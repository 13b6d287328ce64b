package dev.blazen.memory.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} as a child process of the test JVM: loopback only, on a free port, no persistence, in a
 * temporary directory. The executable is {@code $REDIS_SERVER} when set, else {@code redis-server} on the PATH (or
 * /usr/bin/redis-server). A missing executable fails the tests: nothing is skipped.
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 15_000;

    private final Process process;
    private final Path dir;
    private final int port;
    private final Thread shutdownHook;

    private RedisServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "redis-server-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with these extra arguments (such as {@code --requirepass x}) and waits until it answers. */
    public static RedisServer start(String... extraArgs) {
        String executable = executable();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("blazen-redis-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a directory for redis-server", e);
            }
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(executable, "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no", "--logfile", ""));
            command.addAll(List.of(extraArgs));
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile()).start();
            } catch (IOException e) {
                deleteQuietly(dir);
                throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage()
                        + ". Install the Debian package redis-server (apt-get install redis-server), or set "
                        + "REDIS_SERVER to the redis-server executable", e);
            }
            try {
                awaitPing(process, port);
                return new RedisServer(process, dir, port);
            } catch (IllegalStateException e) {
                // most likely another process took the port between choosing and binding it: try another
                last = e;
                stop(process);
                deleteQuietly(dir);
            }
        }
        throw last;
    }

    private static String executable() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("REDIS_SERVER=" + configured + " is not an executable file: point it "
                        + "at redis-server, or unset it after installing the Debian package redis-server");
            }
            return configured;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "redis-server"))) {
                    return Path.of(entry, "redis-server").toString();
                }
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
            return "/usr/bin/redis-server";
        }
        throw new IllegalStateException("redis-server is not installed: the Redis backend tests run against a real "
                + "server. Install the Debian package redis-server (apt-get install redis-server; CI's .ci/run does), "
                + "or set REDIS_SERVER to the redis-server executable");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on the loopback interface", e);
        }
    }

    /** Waits until the server answers PING (+PONG, or -NOAUTH when it wants a password). */
    private static void awaitPing(Process process, int port) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with status "
                        + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                socket.setSoTimeout(1_000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                int first = in.read();
                if (first == '+' || first == '-') {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MS + " ms");
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** What the server wrote to its log so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteQuietly(dir);
    }

    private static void stop(Process process) {
        process.destroy(); // SIGTERM: redis-server shuts down (nothing to save)
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
