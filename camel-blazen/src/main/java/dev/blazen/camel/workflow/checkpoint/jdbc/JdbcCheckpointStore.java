package dev.blazen.camel.workflow.checkpoint.jdbc;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import dev.blazen.llm.error.ValidationError;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Checkpoint records as rows of one table of a relational database, reached through a {@link DataSource} (use a
 * pooled one: every call borrows a connection and gives it back). On PostgreSQL the table is
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS blazen_checkpoint (
 *     checkpoint_key VARCHAR(512) COLLATE "C" NOT NULL PRIMARY KEY,
 *     version        BIGINT NOT NULL,
 *     data           BYTEA NOT NULL)
 * }</pre>
 * and {@link SqlDialect} says how other databases differ. The store creates the table when it is missing (unless
 * {@link Builder#createTable(boolean) createTable(false)}); several stores opening at once create it once.
 * <p>
 * <b>Atomicity and cost.</b> Every write is one statement that carries its own check, committed on its own: a new
 * record is an {@code INSERT} that the primary key refuses when the key exists, a versioned write an
 * {@code UPDATE ... WHERE checkpoint_key = ? AND version = ?} and a versioned delete a {@code DELETE} with the same
 * condition, so no lock is held between statements and no two writers both succeed. A {@link #get}, a {@link #put} or
 * {@link #delete} with an expected version, and on PostgreSQL a put with {@link #ANY_VERSION}
 * ({@code INSERT ... ON CONFLICT DO UPDATE}) each cost one round trip; a conflict costs one more (the stored version
 * is read back for the exception); in {@link SqlDialect#STANDARD} a put with {@link #ANY_VERSION} costs two. A
 * connection the data source hands out without auto-commit is switched to auto-commit for the call and back.
 * Serialization failures and deadlocks (SQLState class 40, under REPEATABLE READ or SERIALIZABLE) are tried again.
 * <p>
 * <b>Durability</b> is the database's: a write returns once committed (on PostgreSQL durable across a crash with the
 * default {@code synchronous_commit = on}).
 * <p>
 * Thread-safe. The store does not close the data source.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

    /** The table unless {@link Builder#table} names another. */
    public static final String DEFAULT_TABLE = "blazen_checkpoint";
    /** How often a statement refused with a serialization failure or a deadlock, or a lost race, is tried. */
    static final int ATTEMPTS = 20;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final CheckpointTable table;
    private volatile boolean closed;

    private JdbcCheckpointStore(Builder b) {
        this.dataSource = b.dataSource;
        SqlDialect chosen = b.dialect;
        try {
            if (chosen == null) {
                chosen = withConnection(c -> SqlDialect.of(c.getMetaData()));
            }
        } catch (SQLException e) {
            throw new CheckpointStoreException("cannot connect to the database for checkpoint table " + b.table + ": "
                    + describe(e), e);
        }
        this.dialect = chosen;
        this.table = new CheckpointTable(b.table, dialect);
        prepareTable(b.createTable);
    }

    /** A store in table {@value #DEFAULT_TABLE}, created when missing, in the dialect the database reports. */
    public static JdbcCheckpointStore open(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    public String table() {
        return table.name;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public Optional<Checkpoint> get(String key) {
        CheckpointStore.requireKey(key);
        return run("get of checkpoint '" + key + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(table.select)) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Checkpoint(key, rs.getLong(1), rs.getBytes(2)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        CheckpointStore.requireKey(key);
        Objects.requireNonNull(data, "data");
        return run("put of checkpoint '" + key + "'", c -> {
            if (expectedVersion == ANY_VERSION && table.upsert != null) {
                return upsert(c, key, data);
            }
            SQLException refused = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                long expected = expectedVersion == ANY_VERSION ? version(c, key) : expectedVersion;
                boolean written;
                if (expected == ABSENT) {
                    refused = insert(c, key, data);
                    written = refused == null;
                } else {
                    refused = null;
                    written = update(c, key, data, expected);
                }
                if (written) {
                    return expected + 1;
                }
                long actual = version(c, key);
                if (expectedVersion != ANY_VERSION && actual != expectedVersion) {
                    throw new CheckpointConflictException(key, expectedVersion, actual);
                }
                // the record changed between the two statements (deleted and created again, or, for ANY_VERSION,
                // written by another): compare and set again
            }
            if (refused != null) {
                throw refused; // never a record there: the INSERT broke another constraint
            }
            throw lostRaces("put of checkpoint '" + key + "'");
        });
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        CheckpointStore.requireKey(key);
        return run("delete of checkpoint '" + key + "'", c -> {
            if (expectedVersion == ANY_VERSION) {
                return execute(c, table.delete, key) > 0;
            }
            if (expectedVersion == ABSENT) {
                long actual = version(c, key);
                if (actual != ABSENT) {
                    throw new CheckpointConflictException(key, expectedVersion, actual);
                }
                return false;
            }
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try (PreparedStatement s = c.prepareStatement(table.deleteVersion)) {
                    s.setString(1, key);
                    s.setLong(2, expectedVersion);
                    if (s.executeUpdate() > 0) {
                        return true;
                    }
                }
                long actual = version(c, key);
                if (actual != expectedVersion) {
                    throw new CheckpointConflictException(key, expectedVersion, actual);
                }
            }
            throw lostRaces("delete of checkpoint '" + key + "'");
        });
    }

    @Override
    public List<String> keys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return run("keys starting with '" + prefix + "'", c -> {
            try (PreparedStatement s = c.prepareStatement(prefix.isEmpty() ? table.keys : table.keysLike)) {
                if (!prefix.isEmpty()) {
                    s.setString(1, CheckpointTable.startsWith(prefix));
                }
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return keys;
            }
        });
    }

    /** Marks the store closed (later calls fail); the data source stays open. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "JdbcCheckpointStore[table " + table.name + ", " + dialect + "]";
    }

    // ---- statements ---------------------------------------------------------------------------------------------

    private long upsert(Connection c, String key, byte[] data) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(table.upsert)) {
            s.setString(1, key);
            s.setBytes(2, data);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Creates the record at version 1: null when done, else the constraint violation that refused it (most likely
     * the primary key: the key exists).
     */
    private SQLException insert(Connection c, String key, byte[] data) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(table.insert)) {
            s.setString(1, key);
            s.setBytes(2, data);
            s.executeUpdate();
            return null;
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                return e;
            }
            throw e;
        }
    }

    /** Whether the record was at {@code expected} and is now at the next version. */
    private boolean update(Connection c, String key, byte[] data, long expected) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(table.update)) {
            s.setBytes(1, data);
            s.setString(2, key);
            s.setLong(3, expected);
            return s.executeUpdate() > 0;
        }
    }

    /** The stored version, 0 when there is no record. */
    private long version(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(table.selectVersion)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : ABSENT;
            }
        }
    }

    private static int execute(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            return s.executeUpdate();
        }
    }

    // ---- the table ----------------------------------------------------------------------------------------------

    /**
     * Makes sure the table exists with the store's columns. Creating it may fail because another store created it
     * at the same moment (PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against that), so a failed creation
     * only counts when the table is still missing afterwards.
     */
    private void prepareTable(boolean create) {
        try {
            if (tableExists()) {
                return;
            }
            if (!create) {
                throw new CheckpointStoreException("checkpoint table " + table.name + " does not exist, or lacks the "
                        + "columns checkpoint_key, version and data; create it with: " + table.createTable);
            }
            SQLException refused = null;
            try {
                withConnection(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(table.createTable);
                    }
                    return null;
                });
            } catch (SQLException e) {
                refused = e;
            }
            if (!tableExists()) {
                throw new CheckpointStoreException("cannot create checkpoint table " + table.name + " ("
                        + (refused == null ? "a table of that name exists without the columns checkpoint_key, "
                        + "version and data" : describe(refused)) + "); create it yourself, for example with: "
                        + table.createTable, refused);
            }
        } catch (SQLException e) {
            throw new CheckpointStoreException("cannot read checkpoint table " + table.name + ": " + describe(e), e);
        }
    }

    /** Whether the table can be read with the store's columns. */
    private boolean tableExists() throws SQLException {
        return withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.executeQuery(table.probe).close();
                return true;
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    throw e;
                }
                return false;
            }
        });
    }

    // ---- connections and errors ---------------------------------------------------------------------------------

    /**
     * Runs {@code work} on a borrowed connection, again when the database refused it with a serialization failure or
     * a deadlock; other failures become {@link CheckpointStoreException}s naming the operation (with its key) and
     * the table.
     */
    private <T> T run(String operation, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the checkpoint store on table " + table.name + " is closed");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return withConnection(work);
            } catch (SQLException e) {
                if (attempt == ATTEMPTS || !isTransient(e)) {
                    throw new CheckpointStoreException(operation + " in table " + table.name + " failed: "
                            + describe(e), e);
                }
            }
        }
    }

    /** {@code work} on a connection in auto-commit mode, so that every statement commits on its own. */
    private <T> T withConnection(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.setAutoCommit(true);
            }
            try {
                return work.run(c);
            } finally {
                if (!autoCommit) {
                    c.setAutoCommit(false);
                }
            }
        }
    }

    private CheckpointStoreException lostRaces(String operation) {
        return new CheckpointStoreException(operation + " in table " + table.name + " lost the race against other "
                + "writers " + ATTEMPTS + " times in a row");
    }

    /** SQLState class 23: an integrity constraint, such as the primary key refusing a second row for a key. */
    private static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** SQLState class 40: a serialization failure or a deadlock; the statement changed nothing. */
    private static boolean isTransient(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("40");
    }

    /** SQLState class 08: the connection failed. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Options of a {@link JdbcCheckpointStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private SqlDialect dialect;
        private boolean createTable = true;

        private Builder(DataSource dataSource) {
            if (dataSource == null) {
                throw new ValidationError("dataSource", "a checkpoint store needs a DataSource");
            }
            this.dataSource = dataSource;
        }

        /**
         * The table (default {@value JdbcCheckpointStore#DEFAULT_TABLE}): {@code name} or {@code schema.name},
         * letters, digits and {@code _}, not starting with a digit; it is written into SQL unquoted.
         */
        public Builder table(String value) {
            table = CheckpointTable.requireName(value);
            return this;
        }

        /** The SQL to write, instead of the one for the product the database reports. */
        public Builder dialect(SqlDialect value) {
            dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /** Whether to create the table when it is missing (default true); when false a missing table is an error. */
        public Builder createTable(boolean value) {
            createTable = value;
            return this;
        }

        /**
         * Connects, picks the dialect and makes sure the table exists.
         *
         * @throws CheckpointStoreException when the database cannot be reached, or the table is missing and cannot
         *                                  (or may not) be created; the message holds the DDL to create it
         */
        public JdbcCheckpointStore build() {
            return new JdbcCheckpointStore(this);
        }
    }
}
