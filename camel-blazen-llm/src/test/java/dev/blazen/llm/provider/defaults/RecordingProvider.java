package dev.blazen.llm.provider.defaults;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.compute.AudioResult;
import dev.blazen.llm.compute.ImageRequest;
import dev.blazen.llm.compute.ImageResult;
import dev.blazen.llm.compute.SpeechRequest;
import dev.blazen.llm.compute.VoiceHandle;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;

import java.util.ArrayList;
import java.util.List;

/** A provider that records what reaches it and answers fixed results. */
final class RecordingProvider implements CustomProvider {

    final List<Object> received = new ArrayList<>();

    @Override
    public String providerId() {
        return "recording";
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        received.add(request);
        return new CompletionResponse("ok", List.of(), null, "m", "stop", null, null, null);
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        received.add(request);
        sink.onChunk(new StreamChunk("ok", List.of(), "stop", null));
        return new CompletionResponse("ok", List.of(), null, "m", "stop", null, null, null);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        received.add(texts);
        return new EmbeddingResponse(texts.stream().map(t -> new float[] {t.length()}).toList(), "e", null, null,
                null, null);
    }

    @Override
    public AudioResult textToSpeech(SpeechRequest request) {
        received.add(request);
        return new AudioResult(List.of(), null, null, null);
    }

    @Override
    public ImageResult generateImage(ImageRequest request) {
        received.add(request);
        return new ImageResult(List.of(), null, null, null);
    }

    @Override
    public List<VoiceHandle> listVoices() {
        received.add("listVoices");
        return List.of();
    }

    Object last() {
        return received.get(received.size() - 1);
    }
}
