package dev.blazen.memory.lucene;

import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.MemoryBackendContract;

import java.nio.file.Path;

/** The whole backend contract with the graph holding int8 (scalar-quantized) vectors. */
class Int8LuceneBackendTest extends MemoryBackendContract {

    @Override
    protected MemoryBackend open(Path dir) {
        return LuceneBackend.builder(dir.resolve("index")).encoding(VectorEncoding.INT8).build();
    }

    @Override
    protected boolean persistent() {
        return true;
    }
}
