package dev.blazen.camel.memory;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.Memory;
import dev.blazen.memory.store.MemoryStoreSpec;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The memory stores of a component, by name: the first endpoint naming a store opens it, the others share it (and
 * must declare it the same way). A {@link Memory} bean registered under the store's name is used as it is. Closing
 * closes the stores this registry opened.
 */
public final class MemoryStores implements AutoCloseable {

    private record Open(MemoryStoreSpec spec, String model, Memory memory) {
    }

    private final Map<String, Open> stores = new HashMap<>();

    /** The store of that spec, opening it on first use; {@code model} names the embedder for conflict checks. */
    public synchronized Memory open(MemoryStoreSpec spec, String model, java.util.function.Supplier<EmbeddingModel> embedder) {
        Open known = stores.get(spec.name());
        if (known != null) {
            if (!known.spec().equals(spec) || !Objects.equals(known.model(), model)) {
                throw new ValidationError("name", "memory store " + spec.name() + " is already declared as " + known.spec()
                        + (known.model() == null ? " without a model" : " with model " + known.model())
                        + "; every endpoint naming it must declare it the same way");
            }
            return known.memory();
        }
        Memory memory = spec.open(model == null ? null : embedder.get());
        stores.put(spec.name(), new Open(spec, model, memory));
        return memory;
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (Open open : stores.values()) {
            try {
                open.memory().close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        stores.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
