package dev.blazen.memory.jsonl;

import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.MemoryBackendContract;

import java.nio.file.Path;

/** The shared backend contract, restart tests included, on a JSONL file with the default options. */
class JsonlBackendTest extends MemoryBackendContract {

    @Override
    protected MemoryBackend open(Path dir) {
        return JsonlBackend.open(dir.resolve("memory.jsonl"));
    }

    @Override
    protected boolean persistent() {
        return true;
    }
}
