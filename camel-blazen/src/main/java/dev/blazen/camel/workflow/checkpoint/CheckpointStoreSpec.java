package dev.blazen.camel.workflow.checkpoint;

import dev.blazen.camel.workflow.checkpoint.file.FileCheckpointStore;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;
import dev.blazen.camel.workflow.checkpoint.jdbc.JdbcCheckpointStore;
import dev.blazen.camel.workflow.checkpoint.redis.RedisCheckpointStore;

import dev.blazen.memory.file.FsyncPolicy;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A checkpoint store declared by plain settings (the component's {@code checkpointStoreType} and friends), so YAML and
 * properties users need no Java to make their workflows durable.
 *
 * @param type       memory, file, redis or jdbc
 * @param name       the store's name: the Redis key namespace; nodes sharing runs use the same one
 * @param path       the file store's directory
 * @param fsync      the file store's fsync policy (always, interval, never), {@code always} when null
 * @param redisUri   the Redis server
 * @param password   the Redis password, when not in the URI
 * @param dataSource the JDBC DataSource
 * @param table      the JDBC table, {@value JdbcCheckpointStore#DEFAULT_TABLE} when null
 */
public record CheckpointStoreSpec(String type, String name, String path, String fsync, String redisUri,
        String password, DataSource dataSource, String table) {

    public static final String DEFAULT_NAME = "default";

    /** Opens the declared store; a missing or contradictory setting is an IllegalArgumentException naming it. */
    public CheckpointStore open() {
        String kind = type == null || type.isBlank() ? "memory" : type.trim().toLowerCase(Locale.ROOT);
        String storeName = name == null || name.isBlank() ? DEFAULT_NAME : name;
        return switch (kind) {
            case "memory" -> new InMemoryCheckpointStore();
            case "file" -> {
                require(path, "checkpointPath", "file");
                FsyncPolicy policy;
                try {
                    policy = fsync == null || fsync.isBlank() ? FsyncPolicy.ALWAYS
                            : FsyncPolicy.valueOf(fsync.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown checkpointFsync '" + fsync + "'; use always, interval or never");
                }
                yield FileCheckpointStore.inDirectory(Path.of(path)).fsync(policy).open();
            }
            case "redis" -> {
                require(redisUri, "checkpointRedisUri", "redis");
                RedisCheckpointStore.Builder builder = RedisCheckpointStore.builder(redisUri, storeName);
                if (password != null && !password.isEmpty()) {
                    builder.password(password);
                }
                yield builder.build();
            }
            case "jdbc" -> {
                if (dataSource == null) {
                    throw new IllegalArgumentException("checkpointStoreType=jdbc needs checkpointDataSource (a "
                            + "javax.sql.DataSource bean, for example #myDataSource)");
                }
                JdbcCheckpointStore.Builder builder = JdbcCheckpointStore.builder(dataSource);
                if (table != null && !table.isBlank()) {
                    builder.table(table);
                }
                yield builder.build();
            }
            default -> throw new IllegalArgumentException("unknown checkpointStoreType '" + type
                    + "'; use memory, file, redis or jdbc");
        };
    }

    private static void require(String value, String option, String kind) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("checkpointStoreType=" + kind + " needs " + option);
        }
    }

    @Override
    public String toString() {
        return "CheckpointStoreSpec[type=" + type + ", name=" + name + ", path=" + path + ", fsync=" + fsync + ", redisUri="
                + (redisUri == null ? null : redisUri.replaceAll("//[^@/]*@", "//***@")) + ", table=" + table + "]";
    }
}
