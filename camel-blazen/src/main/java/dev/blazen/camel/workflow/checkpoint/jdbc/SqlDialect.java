package dev.blazen.camel.workflow.checkpoint.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** The SQL a {@link JdbcCheckpointStore} writes: PostgreSQL's, or standard SQL for every other database. */
public enum SqlDialect {

    /**
     * PostgreSQL: the table is created with {@code CREATE TABLE IF NOT EXISTS}, keys in the "C" collation (byte order,
     * so the primary key index also serves {@code LIKE 'prefix%'}) and data as {@code bytea}; a write with
     * {@link dev.blazen.camel.workflow.checkpoint.CheckpointStore#ANY_VERSION} is one {@code INSERT ... ON CONFLICT DO
     * UPDATE}.
     */
    POSTGRESQL {
        @Override
        String createTable(String table) {
            return "CREATE TABLE IF NOT EXISTS " + table + " (checkpoint_key VARCHAR(512) COLLATE \"C\" NOT NULL "
                    + "PRIMARY KEY, version BIGINT NOT NULL, data BYTEA NOT NULL)";
        }
    },

    /**
     * Standard SQL only: the table is created with {@code BLOB} data (where a database names its types otherwise,
     * create the table yourself); a write with {@link dev.blazen.camel.workflow.checkpoint.CheckpointStore#ANY_VERSION}
     * reads the version and then compares and sets, again when another writer came first.
     */
    STANDARD {
        @Override
        String createTable(String table) {
            return "CREATE TABLE " + table + " (checkpoint_key VARCHAR(512) NOT NULL PRIMARY KEY, "
                    + "version BIGINT NOT NULL, data BLOB NOT NULL)";
        }
    };

    /** The statement that creates the table. */
    abstract String createTable(String table);

    /** {@link #POSTGRESQL} for PostgreSQL, else {@link #STANDARD}. */
    static SqlDialect of(DatabaseMetaData database) throws SQLException {
        String product = database.getDatabaseProductName();
        return product != null && product.toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRESQL : STANDARD;
    }
}
