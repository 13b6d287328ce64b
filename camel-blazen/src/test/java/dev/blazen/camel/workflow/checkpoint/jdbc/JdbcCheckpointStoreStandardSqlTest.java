package dev.blazen.camel.workflow.checkpoint.jdbc;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract in {@link SqlDialect#STANDARD} (no upsert: a write with any version reads and compares and
 * sets) on PostgreSQL, in a table created beforehand the way a user of another database would.
 */
@ExtendWith(PostgresServerExtension.class)
class JdbcCheckpointStoreStandardSqlTest extends CheckpointStoreContract {

    private final PostgresServer server;
    private final String table = "checkpoint_std_" + UUID.randomUUID().toString().replace("-", "");

    JdbcCheckpointStoreStandardSqlTest(PostgresServer server) {
        this.server = server;
    }

    @Override
    protected CheckpointStore open() throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(SqlDialect.POSTGRESQL.createTable(table));
        }
        return reopen(null);
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore closed) {
        return JdbcCheckpointStore.builder(server.dataSource()).table(table).dialect(SqlDialect.STANDARD)
                .createTable(false).build();
    }

    @Test
    void theStandardTableUsesStandardTypes() {
        assertThat(((JdbcCheckpointStore) store).dialect()).isEqualTo(SqlDialect.STANDARD);
        assertThat(SqlDialect.STANDARD.createTable("t")).isEqualTo("CREATE TABLE t (checkpoint_key VARCHAR(512) NOT "
                + "NULL PRIMARY KEY, version BIGINT NOT NULL, data BLOB NOT NULL)");
    }
}
