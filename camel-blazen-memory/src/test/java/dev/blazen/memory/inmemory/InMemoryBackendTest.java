package dev.blazen.memory.inmemory;

import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.MemoryBackendContract;

import java.nio.file.Path;

class InMemoryBackendTest extends MemoryBackendContract {

    @Override
    protected MemoryBackend open(Path dir) {
        return new InMemoryBackend();
    }

    @Override
    protected boolean persistent() {
        return false;
    }
}
