package dev.blazen.llm.chat;

import java.util.concurrent.CompletableFuture;

/** A chat model: one-shot and streamed completions. */
public interface CompletionModel {

    /** The model used when a request names none. */
    String modelId();

    CompletionResponse complete(CompletionRequest request);

    /** Non-blocking form; HTTP providers override it so no thread waits on the network. */
    default CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        return CompletableFuture.supplyAsync(() -> complete(request));
    }

    /**
     * Streams the completion: chunks reach the sink as they arrive; the returned response is the whole answer
     * assembled from them (content, tool calls, finish reason, usage).
     */
    CompletionResponse stream(CompletionRequest request, StreamSink sink);
}
