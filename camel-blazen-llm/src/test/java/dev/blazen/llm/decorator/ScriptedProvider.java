package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.compute.ImageRequest;
import dev.blazen.llm.compute.ImageResult;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A custom provider for tests: each call takes the next scripted outcome (a response, or chunks then an error);
 * when the script is used up it answers "{id}-ok". It counts calls per method and can hold calls at a gate.
 */
public class ScriptedProvider implements CustomProvider {

    public record Outcome(String content, RuntimeException error, List<String> chunksBeforeError) {
    }

    private final String id;
    private final Deque<Outcome> script = new ArrayDeque<>();
    public final AtomicInteger completeCalls = new AtomicInteger();
    public final AtomicInteger asyncCalls = new AtomicInteger();
    public final AtomicInteger streamCalls = new AtomicInteger();
    public final AtomicInteger embedCalls = new AtomicInteger();
    public final List<CompletionRequest> requests = new ArrayList<>();
    public final ImageResult image = new ImageResult(List.of(), null, 0.5, null);
    private volatile CountDownLatch gate;
    private volatile boolean nativeAsync;

    public ScriptedProvider(String id) {
        this.id = id;
    }

    public synchronized ScriptedProvider answer(String content) {
        script.add(new Outcome(content, null, List.of()));
        return this;
    }

    public synchronized ScriptedProvider fail(RuntimeException error) {
        script.add(new Outcome(null, error, List.of()));
        return this;
    }

    /** For stream: sends these chunks, then fails. */
    public synchronized ScriptedProvider failAfterChunks(RuntimeException error, String... chunks) {
        script.add(new Outcome(null, error, List.of(chunks)));
        return this;
    }

    /** Calls wait here until the returned latch is counted down. */
    public CountDownLatch holdCalls() {
        gate = new CountDownLatch(1);
        return gate;
    }

    /** completeAsync answers with a future completed on another thread instead of the blocking default. */
    public ScriptedProvider withNativeAsync() {
        nativeAsync = true;
        return this;
    }

    public int totalCalls() {
        return completeCalls.get() + asyncCalls.get() + streamCalls.get() + embedCalls.get();
    }

    @Override
    public String providerId() {
        return id;
    }

    @Override
    public String modelId() {
        return id + "-model";
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        completeCalls.incrementAndGet();
        return respond(request);
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        if (!nativeAsync) {
            return CustomProvider.super.completeAsync(request);
        }
        asyncCalls.incrementAndGet();
        Outcome outcome = next(request);
        CompletableFuture<CompletionResponse> future = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(() -> {
            if (outcome.error() != null) {
                future.completeExceptionally(outcome.error());
            } else {
                future.complete(response(outcome.content()));
            }
        });
        return future;
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        streamCalls.incrementAndGet();
        Outcome outcome = next(request);
        outcome.chunksBeforeError().forEach(chunk -> sink.onChunk(StreamChunk.text(chunk)));
        if (outcome.error() != null) {
            throw outcome.error();
        }
        sink.onChunk(StreamChunk.text(outcome.content()));
        return response(outcome.content());
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        embedCalls.incrementAndGet();
        Outcome outcome = next(null);
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return new EmbeddingResponse(texts.stream().map(t -> new float[] {t.length()}).toList(), id + "-embed",
                TokenUsage.of(texts.size(), 0), null, null, null);
    }

    @Override
    public ImageResult generateImage(ImageRequest request) {
        return image;
    }

    private CompletionResponse respond(CompletionRequest request) {
        Outcome outcome = next(request);
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return response(outcome.content());
    }

    private Outcome next(CompletionRequest request) {
        CountDownLatch waitFor = gate;
        if (waitFor != null) {
            try {
                if (!waitFor.await(5, TimeUnit.SECONDS)) {
                    throw new AssertionError("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        synchronized (this) {
            if (request != null) {
                requests.add(request);
            }
            Outcome outcome = script.poll();
            return outcome != null ? outcome : new Outcome(id + "-ok", null, List.of());
        }
    }

    private CompletionResponse response(String content) {
        return new CompletionResponse(content, List.of(), TokenUsage.of(10, 5), modelId(), "stop", null, null, null);
    }
}
