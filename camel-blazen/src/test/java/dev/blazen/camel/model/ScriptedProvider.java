package dev.blazen.camel.model;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real CustomProvider for endpoint tests: answers "echo: <last user text>" and records what it was asked. */
class ScriptedProvider implements CustomProvider {

    final List<CompletionRequest> requests = new CopyOnWriteArrayList<>();
    final List<List<String>> embedded = new CopyOnWriteArrayList<>();
    /** When set, every completion answers this text instead of the echo. */
    volatile String answer;

    @Override
    public String providerId() {
        return "scripted";
    }

    @Override
    public String modelId() {
        return "scripted-1";
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        requests.add(request);
        String last = request.messages().get(request.messages().size() - 1).text();
        if (last.startsWith("fail")) {
            throw new dev.blazen.llm.error.ProviderError("scripted", "asked to fail: " + last, 400);
        }
        return new CompletionResponse(answer != null ? answer : "echo: " + last, List.of(), TokenUsage.of(10, 3),
                request.model() == null ? modelId() : request.model(), "stop", 0.25, null, null);
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        CompletionResponse whole = complete(request);
        List<String> pieces = new ArrayList<>();
        String text = whole.content();
        for (int i = 0; i < text.length(); i += 3) {
            pieces.add(text.substring(i, Math.min(text.length(), i + 3)));
        }
        pieces.forEach(p -> sink.onChunk(StreamChunk.text(p)));
        sink.onChunk(new StreamChunk(null, List.of(), "stop", whole.usage()));
        return whole;
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        embedded.add(texts);
        return new EmbeddingResponse(texts.stream().map(t -> new float[] {t.length(), 1f}).toList(), "scripted-embed",
                TokenUsage.of(texts.size(), 0), null, null, null);
    }
}
