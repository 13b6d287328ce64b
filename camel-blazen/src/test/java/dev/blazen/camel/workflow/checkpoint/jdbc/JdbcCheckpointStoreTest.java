package dev.blazen.camel.workflow.checkpoint.jdbc;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreContract;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store contract against a real PostgreSQL (one server for the whole test run), each test in a table of its own;
 * reopening is a new store on a new data source and the same table. Then the table, its creation, bad names and
 * compare-and-set between data sources.
 */
@ExtendWith(PostgresServerExtension.class)
class JdbcCheckpointStoreTest extends CheckpointStoreContract {

    private final PostgresServer server;
    private final String table = "checkpoint_" + UUID.randomUUID().toString().replace("-", "");

    JdbcCheckpointStoreTest(PostgresServer server) {
        this.server = server;
    }

    @Override
    protected CheckpointStore open() {
        return JdbcCheckpointStore.builder(server.dataSource()).table(table).build();
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore closed) {
        return JdbcCheckpointStore.builder(server.dataSource()).table(table).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theTableIsTheDocumentedOne() throws Exception {
        JdbcCheckpointStore jdbc = (JdbcCheckpointStore) store;
        assertThat(jdbc.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(jdbc).hasToString("JdbcCheckpointStore[table " + table + ", POSTGRESQL]");
        assertThat(query("SELECT column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length, 0) || "
                + "' ' || is_nullable || ' ' || coalesce(collation_name, '-') FROM information_schema.columns "
                + "WHERE table_name = '" + table + "' ORDER BY ordinal_position"))
                .containsExactly("checkpoint_key character varying 512 NO C", "version bigint 0 NO -",
                        "data bytea 0 NO -");
        assertThat(query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                + "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '" + table + "'::regclass AND i.indisprimary"))
                .containsExactly("checkpoint_key");
        store.put("run:1", bytes("x"), ABSENT);
        assertThat(query("SELECT checkpoint_key || ' ' || version || ' ' || encode(data, 'escape') FROM " + table))
                .containsExactly("run:1 1 x");
    }

    @Test
    void badTableNamesAreValidationErrors() {
        for (String bad : new String[] {null, "", "1table", "my table", "t;DROP TABLE x", "a.b.c", "t-1", "\"t\"",
                "x".repeat(64), "schema.", "tëst"}) {
            assertThatThrownBy(() -> JdbcCheckpointStore.builder(server.dataSource()).table(bad))
                    .isInstanceOf(ValidationError.class)
                    .hasMessageContaining(bad == null ? "none" : bad)
                    .satisfies(e -> assertThat(((ValidationError) e).field()).contains("table"));
        }
        assertThatThrownBy(() -> JdbcCheckpointStore.builder(null)).isInstanceOf(ValidationError.class);
        assertThat(JdbcCheckpointStore.builder(server.dataSource()).table("public." + table).build().table())
                .isEqualTo("public." + table);
    }

    @Test
    void storesOpeningTogetherCreateTheTableOnce() throws Exception {
        String fresh = table + "_together";
        int stores = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        List<JdbcCheckpointStore> opened = new ArrayList<>();
        try {
            List<Future<JdbcCheckpointStore>> futures = new ArrayList<>();
            for (int i = 0; i < stores; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return JdbcCheckpointStore.builder(server.dataSource()).table(fresh).build();
                }));
            }
            start.countDown();
            for (Future<JdbcCheckpointStore> f : futures) {
                opened.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(query("SELECT tablename FROM pg_tables WHERE tablename = '" + fresh + "'")).hasSize(1);
        opened.get(0).put("k", bytes("kept"), ABSENT);
        assertThat(opened.get(stores - 1).get("k").orElseThrow().data()).isEqualTo(bytes("kept"));
        // opening again finds the table and its records: nothing is created a second time
        try (JdbcCheckpointStore again = JdbcCheckpointStore.builder(server.dataSource()).table(fresh).build()) {
            assertThat(again.get("k")).isPresent();
        }
        opened.forEach(JdbcCheckpointStore::close);
    }

    @Test
    void aMissingOrForeignTableIsAnErrorThatGivesTheDdl() throws Exception {
        String missing = table + "_missing";
        assertThatThrownBy(() -> JdbcCheckpointStore.builder(server.dataSource()).table(missing).createTable(false)
                .build())
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining(missing + " does not exist")
                .hasMessageContaining("CREATE TABLE IF NOT EXISTS " + missing + " (checkpoint_key VARCHAR(512)");
        assertThat(query("SELECT tablename FROM pg_tables WHERE tablename = '" + missing + "'")).isEmpty();

        String foreign = table + "_foreign";
        execute("CREATE TABLE " + foreign + " (id INT PRIMARY KEY, payload TEXT)");
        assertThatThrownBy(() -> JdbcCheckpointStore.builder(server.dataSource()).table(foreign).build())
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("without the columns checkpoint_key, version and data");
    }

    @Test
    void compareAndSetAcrossTwoDataSources() throws Exception {
        assertThat(countWithContention(server.dataSource(), server.dataSource())).isEqualTo(4 * 40);
    }

    /** Under SERIALIZABLE, PostgreSQL refuses some of the racing statements (SQLState 40001): they are tried again. */
    @Test
    void compareAndSetUnderSerializableIsolation() throws Exception {
        PGSimpleDataSource first = server.dataSource();
        PGSimpleDataSource second = server.dataSource();
        for (PGSimpleDataSource ds : List.of(first, second)) {
            ds.setOptions("-c default_transaction_isolation=serializable");
        }
        assertThat(countWithContention(first, second)).isEqualTo(4 * 40);
    }

    /** Four threads, two on each data source's store, add 40 each to a counter with compare-and-set. */
    private int countWithContention(DataSource first, DataSource second) throws Exception {
        try (JdbcCheckpointStore a = JdbcCheckpointStore.builder(first).table(table).build();
             JdbcCheckpointStore b = JdbcCheckpointStore.builder(second).table(table).build()) {
            a.put("counter", bytes("0"), ABSENT);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (JdbcCheckpointStore s : List.of(a, b, a, b)) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            while (true) {
                                Checkpoint current = s.get("counter").orElseThrow();
                                int value = Integer.parseInt(new String(current.data(), StandardCharsets.UTF_8));
                                try {
                                    s.put("counter", bytes(Integer.toString(value + 1)), current.version());
                                    break;
                                } catch (CheckpointConflictException lost) {
                                    // another writer came first: read again
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            Checkpoint last = b.get("counter").orElseThrow();
            assertThat(last.version()).isEqualTo(4 * 40 + 1L);
            return Integer.parseInt(new String(last.data(), StandardCharsets.UTF_8));
        }
    }

    /** A pool configured without auto-commit: every write is committed anyway, and the setting is given back. */
    @Test
    void connectionsWithoutAutoCommitAreCommittedAndRestored() throws Exception {
        Map<Connection, Boolean> handedOut = new LinkedHashMap<>();
        PGSimpleDataSource real = server.dataSource();
        DataSource manual = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(real, args);
                        if (result instanceof Connection c) {
                            c.setAutoCommit(false);
                            synchronized (handedOut) {
                                handedOut.put(c, null);
                            }
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (JdbcCheckpointStore s = JdbcCheckpointStore.builder(manual).table(table).build()) {
            assertThat(s.put("k", bytes("1"), ABSENT)).isEqualTo(1);
            assertThat(s.put("k", bytes("2"), 1)).isEqualTo(2);
            assertThatThrownBy(() -> s.put("k", bytes("x"), ABSENT)).isInstanceOf(CheckpointConflictException.class)
                    .satisfies(e -> assertThat(((CheckpointConflictException) e).actualVersion()).isEqualTo(2));
            assertThat(s.put("k", bytes("3"), CheckpointStore.ANY_VERSION)).isEqualTo(3);
        }
        // another session sees every write: they were committed
        assertThat(store.get("k").orElseThrow().version()).isEqualTo(3);
        assertThat(handedOut).isNotEmpty();
        for (Connection c : handedOut.keySet()) {
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void anUnreachableDatabaseIsAStoreErrorAndAClosedStoreRefusesCalls() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PGSimpleDataSource nowhere = server.dataSource();
        nowhere.setPortNumbers(new int[] {port});
        assertThatThrownBy(() -> JdbcCheckpointStore.open(nowhere)).isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("cannot connect").hasMessageContaining("127.0.0.1:" + port);
        store.close();
        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
