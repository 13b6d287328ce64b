package dev.blazen.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.tool.ContentRefs;
import dev.blazen.llm.tool.Tool;
import dev.blazen.llm.tool.ToolOutput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the tool calls of one model turn concurrently under the cap and returns their outcomes in call order. */
final class ToolRound {

    private final Map<String, Tool> tools;
    private final AgentConfig config;
    private final ExecutorService executor;

    ToolRound(Map<String, Tool> tools, AgentConfig config, ExecutorService executor) {
        this.tools = tools;
        this.config = config;
        this.executor = executor;
    }

    List<ToolExecution> run(int iteration, List<ToolCall> calls) {
        Semaphore slots = new Semaphore(config.toolConcurrency() == 0 ? calls.size() : config.toolConcurrency());
        List<CompletableFuture<ToolExecution>> running = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            running.add(CompletableFuture.supplyAsync(() -> {
                slots.acquireUninterruptibly();
                try {
                    return execute(iteration, call);
                } finally {
                    slots.release();
                }
            }, executor));
        }
        List<ToolExecution> done = new ArrayList<>(calls.size());
        for (CompletableFuture<ToolExecution> future : running) {
            done.add(future.join());
        }
        return done;
    }

    private ToolExecution execute(int iteration, ToolCall call) {
        long start = System.nanoTime();
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return new ToolExecution(iteration, call, null, ErrorText.sanitize("unknown tool '" + call.name()
                    + "'; available tools: " + String.join(", ", tools.keySet())), elapsedMs(start));
        }
        try {
            JsonNode arguments = ContentRefs.resolve(tool.definition().parameters(), call.arguments(), config.contentRefs());
            ToolOutput output = config.toolTimeout() == null ? tool.execute(arguments)
                    : withTimeout(tool, arguments, config.toolTimeout());
            return new ToolExecution(iteration, call, output == null ? ToolOutput.of(null) : output, null, elapsedMs(start));
        } catch (RuntimeException | StackOverflowError e) {
            return new ToolExecution(iteration, call, null, ErrorText.of(e), elapsedMs(start));
        }
    }

    /** The limit counts from the moment the tool starts, not from when its turn was queued behind the cap. */
    private ToolOutput withTimeout(Tool tool, JsonNode arguments, Duration timeout) {
        Future<ToolOutput> future = executor.submit(() -> tool.execute(arguments));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new dev.blazen.llm.error.ToolError(tool.name(), "timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new dev.blazen.llm.error.ToolError(tool.name(), ErrorText.of(cause));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new dev.blazen.llm.error.ToolError(tool.name(), "interrupted");
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
