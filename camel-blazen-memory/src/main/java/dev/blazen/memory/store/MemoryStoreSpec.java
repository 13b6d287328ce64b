package dev.blazen.memory.store;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.Memory;
import dev.blazen.memory.SearchMode;
import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.inmemory.InMemoryBackend;
import dev.blazen.memory.jsonl.JsonlBackend;
import dev.blazen.memory.lucene.LuceneBackend;
import dev.blazen.memory.redis.RedisBackend;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A memory store as configuration declares it. Two declarations of one store must be equal.
 *
 * @param name     the store's name (also the Redis key prefix part)
 * @param backend  where entries live; by default {@link Backend#INDEX} when a path is given (a {@code .jsonl} path:
 *                 {@link Backend#JSONL}), {@link Backend#REDIS} with a Redis URI, else {@link Backend#MEMORY}
 * @param path     the index directory or JSONL file
 * @param redisUri {@code redis://[user@]host:port[/db]}; a password written in it is masked wherever it is shown
 * @param password the Redis password, apart from the URI; a secret, never shown
 * @param mode     how {@code search} ranks
 */
public record MemoryStoreSpec(String name, Backend backend, String path, String redisUri, String password,
        SearchMode mode) {

    /** The backends a store can declare. */
    public enum Backend {
        /** In process memory; nothing survives a restart. */
        MEMORY,
        /** An append-only JSONL file with compaction. */
        JSONL,
        /** A Redis or Valkey server, shared by every process using the same URI and store name. */
        REDIS,
        /** The persistent on-disk vector index: the embedded default for stores that persist. */
        INDEX;

        public static Backend parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationError("backend", "unknown memory backend '" + text + "'; the backends are "
                        + Arrays.stream(values()).map(b -> b.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
    }

    public MemoryStoreSpec {
        if (name == null || name.isBlank()) {
            throw new ValidationError("name", "a memory store needs a name");
        }
        if (backend == null) {
            backend = redisUri != null && !redisUri.isBlank() ? Backend.REDIS
                    : path == null || path.isBlank() ? Backend.MEMORY
                    : path.endsWith(".jsonl") ? Backend.JSONL : Backend.INDEX;
        }
        mode = mode == null ? SearchMode.INDEXED : mode;
        if ((backend == Backend.JSONL || backend == Backend.INDEX) && (path == null || path.isBlank())) {
            throw new ValidationError("path", "memory store " + name + " (" + backend.name().toLowerCase(Locale.ROOT)
                    + ") needs a path");
        }
        if (backend == Backend.REDIS && (redisUri == null || redisUri.isBlank())) {
            throw new ValidationError("redisUri", "memory store " + name + " (redis) needs a Redis URI");
        }
    }

    /** Opens the backend and wraps it in a Memory; {@code embedder} null gives a local-only memory. */
    public Memory open(EmbeddingModel embedder) {
        return Memory.builder(openBackend()).embedder(embedder).mode(mode).build();
    }

    private MemoryBackend openBackend() {
        return switch (backend) {
            case MEMORY -> new InMemoryBackend();
            case REDIS -> RedisBackend.builder(redisUri, name).password(password).build();
            case JSONL -> JsonlBackend.open(Path.of(path));
            case INDEX -> LuceneBackend.open(Path.of(path));
        };
    }

    @Override
    public String toString() {
        return "MemoryStoreSpec[" + name + ", " + backend + (path == null ? "" : ", path=" + path)
                + (redisUri == null ? "" : ", redis") + ", " + mode + "]";
    }
}
