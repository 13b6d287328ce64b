package dev.blazen.camel.workflow.checkpoint.jdbc;

import com.sun.security.auth.module.UnixSystem;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server as a child process of the test JVM: a cluster made by {@code initdb} in a temporary
 * directory (superuser {@code postgres}, trust authentication, UTF-8), listening on 127.0.0.1 on a free port and on a
 * Unix socket in that directory, fsync off, with one database {@value #DATABASE}.
 * <p>
 * The binaries are {@code $PG_BIN} when set, else the newest {@code /usr/lib/postgresql/<version>/bin} (the Debian
 * package {@code postgresql}). initdb and postgres refuse to run as root, so under root both run as the user
 * {@code $PG_USER} (default {@code postgres}, which the Debian package creates) through {@code setpriv} (util-linux),
 * which executes them in place (the child process is the server itself, so stopping it needs no signal forwarding);
 * under any other user they run as that user. Missing binaries fail the tests: nothing is skipped.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "blazen";
    public static final String SUPERUSER = "postgres";
    private static final long START_TIMEOUT_MS = 30_000;

    private final Process process;
    private final List<String> stopCommand;
    private final Path dir;
    private final int port;
    private final Thread shutdownHook;

    private PostgresServer(Process process, List<String> stopCommand, Path dir, int port) {
        this.process = process;
        this.stopCommand = stopCommand;
        this.dir = dir;
        this.port = port;
        this.shutdownHook = new Thread(() -> {
            stop(process, stopCommand);
            deleteQuietly(dir);
        }, "postgres-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates a cluster, starts the server on a free port and creates the database {@value #DATABASE}. */
    public static PostgresServer start() {
        Path bin = binaries();
        List<String> runAs = runAs();
        Path dir = createDirectory(runAs);
        PostgresServer server;
        try {
            Path data = dir.resolve("data");
            run(runAs, dir.resolve("initdb.log"), bin.resolve("initdb").toString(), "-D", data.toString(),
                    "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions");
            server = startServer(runAs, bin, dir);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
        try (Connection c = dataSource(server.port, "postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        return server;
    }

    private static PostgresServer startServer(List<String> runAs, Path bin, Path dir) throws IOException {
        // pg_ctl's fast shutdown (SIGINT): SIGTERM, which Process.destroy sends, would wait for every client to leave
        List<String> stopCommand = new ArrayList<>(runAs);
        stopCommand.addAll(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(),
                "-m", "fast", "-w", "-t", "15"));
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(runAs);
            command.addAll(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                    "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile())).start();
            try {
                awaitReady(process, port, dir);
                return new PostgresServer(process, stopCommand, dir, port);
            } catch (IllegalStateException e) {
                // most likely another process took the port between choosing and binding it: try another
                last = e;
                stop(process, stopCommand);
            }
        }
        throw last;
    }

    private static Path binaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("postgres"))) {
                throw new IllegalStateException("PG_BIN=" + configured + " holds no initdb and postgres executables: "
                        + "point it at PostgreSQL's bin directory, or unset it after installing the Debian package "
                        + "postgresql");
            }
            return bin;
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion))
                    .orElseThrow(IOException::new);
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed: the JDBC checkpoint store tests run against "
                    + "a real server. Install the Debian package postgresql (apt-get install postgresql; CI's .ci/run "
                    + "does), or set PG_BIN to the directory holding initdb and postgres");
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The prefix that runs a command as the server's user: none, or setpriv to $PG_USER when this JVM is root. */
    private static List<String> runAs() {
        if (new UnixSystem().getUid() != 0) {
            return List.of();
        }
        String user = System.getenv().getOrDefault("PG_USER", SUPERUSER);
        return List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--");
    }

    /** A temporary directory owned by the user the server runs as (who must be able to reach it). */
    private static Path createDirectory(List<String> runAs) {
        try {
            Path dir = Files.createTempDirectory("blazen-pg-");
            if (!runAs.isEmpty()) {
                String user = System.getenv().getOrDefault("PG_USER", SUPERUSER);
                try {
                    UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                            .lookupPrincipalByName(user);
                    Files.setOwner(dir, owner);
                } catch (UserPrincipalNotFoundException e) {
                    deleteQuietly(dir);
                    throw new IllegalStateException("initdb and postgres refuse to run as root, and there is no user '"
                            + user + "' to run them as: install the Debian package postgresql (it creates the user "
                            + "postgres), or set PG_USER to an existing user");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for PostgreSQL", e);
        }
    }

    /** Runs a command to its end, failing with its output when it fails. */
    private static void run(List<String> runAs, Path log, String... command) throws IOException {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed with status " + process.exitValue()
                    + ":\n" + Files.readString(log));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on the loopback interface", e);
        }
    }

    /** Waits until the server accepts a connection to the maintenance database. */
    private static void awaitReady(Process process, int port, Path dir) {
        PGSimpleDataSource probe = dataSource(port, "postgres");
        probe.setConnectTimeout(1);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres on port " + port + " exited with status "
                        + process.exitValue() + ":\n" + readQuietly(dir.resolve("postgres.log")));
            }
            try (Connection ignored = probe.getConnection()) {
                return;
            } catch (SQLException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for postgres", e);
            }
        }
        throw new IllegalStateException("postgres on port " + port + " did not accept connections within "
                + START_TIMEOUT_MS + " ms: " + (last == null ? "" : last.getMessage()));
    }

    private static PGSimpleDataSource dataSource(int port, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(SUPERUSER);
        return ds;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/blazen}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A new data source for the database {@value #DATABASE} (unpooled: every connection is a new session). */
    public PGSimpleDataSource dataSource() {
        return dataSource(port, DATABASE);
    }

    /** What the server wrote to its log so far. */
    public String log() {
        return readQuietly(dir.resolve("postgres.log"));
    }

    @Override
    public void close() {
        stop(process, stopCommand);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteQuietly(dir);
    }

    /** Stops the server with {@code stopCommand}, or kills it when that does not end it in time. */
    private static void stop(Process process, List<String> stopCommand) {
        try {
            if (process.isAlive()) {
                new ProcessBuilder(stopCommand).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(20, TimeUnit.SECONDS);
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
