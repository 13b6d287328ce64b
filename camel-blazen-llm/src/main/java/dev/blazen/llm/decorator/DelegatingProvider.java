package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.compute.AudioResult;
import dev.blazen.llm.compute.BackgroundRemovalRequest;
import dev.blazen.llm.compute.ImageRequest;
import dev.blazen.llm.compute.ImageResult;
import dev.blazen.llm.compute.MusicRequest;
import dev.blazen.llm.compute.SpeechRequest;
import dev.blazen.llm.compute.ThreeDRequest;
import dev.blazen.llm.compute.ThreeDResult;
import dev.blazen.llm.compute.TranscriptionRequest;
import dev.blazen.llm.compute.TranscriptionResult;
import dev.blazen.llm.compute.UpscaleRequest;
import dev.blazen.llm.compute.VideoRequest;
import dev.blazen.llm.compute.VideoResult;
import dev.blazen.llm.compute.VoiceCloneRequest;
import dev.blazen.llm.compute.VoiceHandle;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A provider that hands every one of the 16 methods to another provider. Decorators extend it and override only
 * what they change, so a decorated provider keeps every capability (and every {@code Unsupported} error) of the
 * provider it wraps, and decorators nest in any order.
 */
public abstract class DelegatingProvider implements CustomProvider {

    protected final CustomProvider delegate;

    protected DelegatingProvider(CustomProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The provider this one wraps. */
    public CustomProvider delegate() {
        return delegate;
    }

    @Override
    public String providerId() {
        return delegate.providerId();
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return delegate.complete(request);
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        return delegate.completeAsync(request);
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        return delegate.stream(request, sink);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        return delegate.embed(texts);
    }

    @Override
    public AudioResult textToSpeech(SpeechRequest request) {
        return delegate.textToSpeech(request);
    }

    @Override
    public AudioResult generateMusic(MusicRequest request) {
        return delegate.generateMusic(request);
    }

    @Override
    public AudioResult generateSfx(MusicRequest request) {
        return delegate.generateSfx(request);
    }

    @Override
    public VoiceHandle cloneVoice(VoiceCloneRequest request) {
        return delegate.cloneVoice(request);
    }

    @Override
    public List<VoiceHandle> listVoices() {
        return delegate.listVoices();
    }

    @Override
    public void deleteVoice(VoiceHandle voice) {
        delegate.deleteVoice(voice);
    }

    @Override
    public ImageResult generateImage(ImageRequest request) {
        return delegate.generateImage(request);
    }

    @Override
    public ImageResult upscaleImage(UpscaleRequest request) {
        return delegate.upscaleImage(request);
    }

    @Override
    public VideoResult textToVideo(VideoRequest request) {
        return delegate.textToVideo(request);
    }

    @Override
    public VideoResult imageToVideo(VideoRequest request) {
        return delegate.imageToVideo(request);
    }

    @Override
    public TranscriptionResult transcribe(TranscriptionRequest request) {
        return delegate.transcribe(request);
    }

    @Override
    public ThreeDResult generate3d(ThreeDRequest request) {
        return delegate.generate3d(request);
    }

    @Override
    public ImageResult removeBackground(BackgroundRemovalRequest request) {
        return delegate.removeBackground(request);
    }
}
