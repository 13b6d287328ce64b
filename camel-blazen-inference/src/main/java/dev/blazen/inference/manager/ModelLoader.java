package dev.blazen.inference.manager;

/**
 * Loads one model into memory. Long loads report progress through {@code progress} (fraction 0..1, message); the
 * manager adds the model id and forwards it to its listeners. Closing the result frees the model's memory.
 */
@FunctionalInterface
public interface ModelLoader<T extends AutoCloseable> {

    T load(Progress progress) throws Exception;

    /** Progress reported by a loader. */
    @FunctionalInterface
    interface Progress {
        void report(double fractionDone, String message);
    }
}
