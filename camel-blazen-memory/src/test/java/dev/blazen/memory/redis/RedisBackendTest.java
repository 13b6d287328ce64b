package dev.blazen.memory.redis;

import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.MemoryBackendContract;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The backend contract against a real redis-server. Each test has its own store (key prefix) on the shared server;
 * reopening is a new backend on the same server and store.
 */
@ExtendWith(RedisServerExtension.class)
class RedisBackendTest extends MemoryBackendContract {

    private final RedisServer server;
    private final String store = "contract-" + UUID.randomUUID();

    RedisBackendTest(RedisServer server) {
        this.server = server;
    }

    @Override
    protected MemoryBackend open(Path dir) {
        return RedisBackend.connect(server.uri(), store);
    }

    @Override
    protected boolean persistent() {
        return true;
    }
}
