package dev.blazen.llm.decorator;

import dev.blazen.llm.error.BlazenError;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Helpers the decorators share for judging and reporting failed attempts. */
final class Attempts {

    private Attempts() {
    }

    /** The error a future failed with, without the CompletionException wrappers futures add. */
    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Only typed errors that say so are worth another attempt; anything else is a bug or a final answer. */
    static boolean retryable(Throwable error) {
        return error instanceof BlazenError blazen && blazen.isRetryable();
    }

    /** Starts an async call, turning an exception thrown before a future exists into a failed future. */
    static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> call) {
        try {
            CompletableFuture<T> future = call.get();
            return future != null ? future
                    : CompletableFuture.failedFuture(new IllegalStateException("provider returned no future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records the earlier failures on the one that is finally thrown, so no attempt's reason is lost. */
    static <E extends Throwable> E withHistory(E last, List<Throwable> earlier) {
        for (Throwable previous : earlier) {
            if (previous != last) {
                last.addSuppressed(previous);
            }
        }
        return last;
    }

    static RuntimeException rethrowable(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new CompletionException(error);
    }
}
