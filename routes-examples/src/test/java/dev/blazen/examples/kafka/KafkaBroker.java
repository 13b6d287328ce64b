package dev.blazen.examples.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in the current JVM, for tests: one node in KRaft mode that is both broker and controller
 * (no ZooKeeper, no Docker), built from Apache Kafka's own server artifacts ({@code org.apache.kafka:kafka_2.13},
 * the same release as the {@code kafka-clients} that camel-kafka uses, see {@code kafka.version} in the parent pom).
 *
 * <pre>{@code
 * try (KafkaBroker broker = new KafkaBroker().start()) {
 *     broker.createTopic("orders", 3);
 *     String servers = broker.bootstrapServers();   // "127.0.0.1:<port>", for producers, consumers and camel-kafka
 *     ...
 * }                                                  // stops the broker and deletes its directory
 * }</pre>
 *
 * What {@link #start()} does, the same steps as {@code kafka-storage.sh format} followed by {@code kafka-server-start.sh}:
 * <ol>
 *   <li>creates a temporary directory for the log and the metadata log;</li>
 *   <li>picks two free loopback ports, one for clients ({@code PLAINTEXT}) and one for the KRaft controller
 *       ({@code CONTROLLER}), and writes a combined {@code process.roles=broker,controller} configuration with node id
 *       1 as the only voter;</li>
 *   <li>formats the directory with a fresh cluster id ({@link Formatter}, what {@code kafka-storage.sh format} runs);</li>
 *   <li>starts {@link KafkaRaftServer}, which returns once the broker is unfenced and accepts clients.</li>
 * </ol>
 * The settings suit one node and short tests: replication factor 1 for the internal topics, one partition for
 * {@code __consumer_offsets} and {@code __transaction_state} (fast to create), no initial rebalance delay for consumer
 * groups (a consumer gets its partitions at once), topics created on first use, and small thread pools (test machines
 * may have two cores). {@link #KafkaBroker(Map)} overrides any broker setting.
 * <p>
 * Starting takes a few seconds, so share one broker per test class (start it in {@code @BeforeAll}, close it in
 * {@code @AfterAll}) and keep tests apart with their own topics or consumer groups. If a picked port is taken by
 * someone else between picking and binding, the start is retried with new ports. Kafka registers JMX beans named
 * after the node id; several brokers in one JVM work, with a warning in the log about the duplicate bean names.
 * <p>
 * Kafka's server ends the process ({@code Exit.halt}) on faults it considers fatal; in a test JVM that would end the
 * test run without a report, so the first {@link #start()} makes {@link Exit} throw instead, for the rest of the JVM's
 * life (only Kafka's server and command-line tools call it).
 */
public final class KafkaBroker implements AutoCloseable {

    /** The broker's node id, also the only controller voter. */
    public static final int NODE_ID = 1;

    private static final String HOST = "127.0.0.1";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int START_ATTEMPTS = 3;
    private static final long MAX_STARTUP_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private static boolean exitReplaced;

    private final Map<String, String> overrides;
    private Path directory;
    private KafkaRaftServer server;
    private String bootstrapServers;
    private boolean closed;

    /** A broker with the default test settings. */
    public KafkaBroker() {
        this(Map.of());
    }

    /**
     * A broker with some settings changed, for example {@code Map.of("num.partitions", "4")}. The listeners, ports,
     * node id, roles and directories are this class's to choose.
     */
    public KafkaBroker(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Formats a new temporary directory and starts the broker on free loopback ports; returns once clients can
     * connect.
     *
     * @return this broker
     * @throws IllegalStateException when it was started before, or could not start
     */
    public synchronized KafkaBroker start() {
        if (server != null || closed) {
            throw new IllegalStateException("a KafkaBroker starts once; this one is " + (closed ? "closed" : "running"));
        }
        keepTheJvmAlive();
        RuntimeException last = null;
        long started = System.nanoTime();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                startOnce();
                LOG.info("Kafka broker (KRaft, broker+controller) started on {} in {} ms, directory {}", bootstrapServers,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), directory);
                return this;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("Kafka broker start attempt {} failed: {}", attempt, e.toString());
                stopServer();
                deleteDirectory();
                if (!causedByBind(e)) {
                    break;
                }
            }
        }
        throw new IllegalStateException("the Kafka broker did not start", last);
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers} and camel-kafka's {@code brokers}. */
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return bootstrapServers;
    }

    /** The broker's directory (log and metadata log); deleted by {@link #close()}. */
    public synchronized Path directory() {
        if (directory == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return directory;
    }

    /**
     * Creates a topic with replication factor 1 and waits until it exists; a topic that already exists is left as it
     * is.
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic " + name + " was not created within 30 s", e);
        }
    }

    /** Stops the broker (if it runs) and deletes its directory; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopServer();
        } finally {
            deleteDirectory();
            bootstrapServers = null;
        }
    }

    private void startOnce() {
        try {
            directory = Files.createTempDirectory("kafka-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker directory", e);
        }
        int clientPort = freePort();
        int controllerPort = freePort();
        while (controllerPort == clientPort) {
            controllerPort = freePort();
        }
        KafkaConfig config = KafkaConfig.fromProps(properties(directory, clientPort, controllerPort));
        format(config);
        KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
        server = raftServer;
        raftServer.startup();
        bootstrapServers = HOST + ":" + clientPort;
    }

    private Properties properties(Path dir, int clientPort, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        // test-friendly defaults, which overrides may change
        settings.put("num.partitions", "1");
        settings.put("default.replication.factor", "1");
        settings.put("auto.create.topics.enable", "true");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "2");
        settings.put("background.threads", "2");
        settings.put("num.recovery.threads.per.data.dir", "1");
        settings.put("log.cleaner.threads", "1");
        settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        settings.put("server.max.startup.time.ms", String.valueOf(MAX_STARTUP_MS));
        settings.putAll(overrides);
        // the node's identity and addresses are not overridable: they are what this class manages
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        settings.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        settings.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
        settings.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("inter.broker.listener.name", CLIENT_LISTENER);
        settings.put("log.dirs", dir.toAbsolutePath().toString());
        settings.put("metadata.log.dir", dir.toAbsolutePath().toString());
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    /** What {@code kafka-storage.sh format -t <new id> -c server.properties} does. */
    private static void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(config.metadataLogDir()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker directory " + config.metadataLogDir(), e);
        }
    }

    private void stopServer() {
        KafkaRaftServer running = server;
        server = null;
        if (running != null) {
            running.shutdown();
            running.awaitShutdown();
        }
    }

    private void deleteDirectory() {
        Path dir = directory;
        directory = null;
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException error) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker directory " + dir, e);
        }
    }

    private static synchronized void keepTheJvmAlive() {
        if (exitReplaced) {
            return;
        }
        exitReplaced = true;
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to exit the JVM with status " + code + ": " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to halt the JVM with status " + code + ": " + message);
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static boolean causedByBind(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException
                    || cause.getMessage() != null && cause.getMessage().contains("Address already in use")) {
                return true;
            }
            if (Arrays.asList(cause.getSuppressed()).stream().anyMatch(KafkaBroker::causedByBind)) {
                return true;
            }
        }
        return false;
    }
}
