package dev.blazen.camel.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Joins the branches of a parallel stage. Once the outcome is known (every branch succeeded, one failed, or with
 * FIRST_COMPLETES one succeeded) the branches still running are cancelled before the stage completes, so nothing of
 * the stage runs on once the next one starts: cancelling a branch's future cancels its workflow run.
 */
final class ParallelJoin {

    private ParallelJoin() {
    }

    /**
     * @param failure turns a branch's error into the stage's, given the branch name
     */
    static CompletableFuture<Object> join(JoinStrategy strategy, List<String> names, List<CompletableFuture<Object>> branches,
            BiFunction<String, Throwable, Throwable> failure) {
        CompletableFuture<Object> joined = new CompletableFuture<>();
        if (strategy == JoinStrategy.WAIT_ALL) {
            waitAll(names, branches, failure, joined);
        } else {
            firstCompletes(names, branches, failure, joined);
        }
        return joined;
    }

    private static void waitAll(List<String> names, List<CompletableFuture<Object>> branches,
            BiFunction<String, Throwable, Throwable> failure, CompletableFuture<Object> joined) {
        Object[] values = new Object[branches.size()];
        AtomicInteger left = new AtomicInteger(branches.size());
        for (int i = 0; i < branches.size(); i++) {
            int branch = i;
            branches.get(i).whenComplete((value, error) -> {
                if (error != null) {
                    if (!joined.isDone()) {
                        cancel(branches);
                        joined.completeExceptionally(failure.apply(names.get(branch), error));
                    }
                    return;
                }
                values[branch] = value; // published to the last branch by the decrement below
                if (left.decrementAndGet() == 0) {
                    Map<String, Object> results = new LinkedHashMap<>();
                    for (int j = 0; j < values.length; j++) {
                        results.put(names.get(j), values[j]);
                    }
                    joined.complete(results);
                }
            });
        }
    }

    private static void firstCompletes(List<String> names, List<CompletableFuture<Object>> branches,
            BiFunction<String, Throwable, Throwable> failure, CompletableFuture<Object> joined) {
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < branches.size(); i++) {
            String name = names.get(i);
            branches.get(i).whenComplete((value, error) -> {
                if (error == null) {
                    cancel(branches); // the finished ones ignore it
                    joined.complete(value);
                    return;
                }
                if (joined.isDone()) {
                    return; // cancelled because another branch won
                }
                Throwable mapped = failure.apply(name, error);
                if (!firstError.compareAndSet(null, mapped)) {
                    firstError.get().addSuppressed(mapped);
                }
                if (failed.incrementAndGet() == branches.size()) {
                    joined.completeExceptionally(firstError.get()); // every branch failed: the first failure names the stage's
                }
            });
        }
    }

    private static void cancel(List<CompletableFuture<Object>> branches) {
        branches.forEach(branch -> branch.cancel(false));
    }
}
