package dev.blazen.llm.provider.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.ToolDefinition;
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
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.decorator.DelegatingProvider;
import dev.blazen.llm.provider.CustomProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A {@link CustomProvider} with instance defaults (Blazen's "Instance defaults"): it applies them to every call and
 * delegates to the wrapped provider. It is immutable: every {@code with*} method returns a new instance and leaves
 * this one unchanged, so one base provider can be shared by differently configured handles.
 *
 * <p>Per call, in this order: the completion defaults ({@link CompletionDefaults}: system prompt, tools, response
 * format, then the typed before-completion hooks) or the compute role's before-hooks ({@link RoleDefaults}); then the
 * universal {@link BeforeRequestHook}s, last, so they see exactly what is sent. Values (system prompt, tools,
 * response format) are replaced by a later {@code with*}; hooks accumulate and run in the order they were added.
 */
public final class ConfiguredProvider extends DelegatingProvider {

    private final CompletionDefaults completion;
    private final Map<ComputeRole<?>, UnaryOperator<?>> roleHooks;
    private final List<BeforeRequestHook> beforeRequest;

    private ConfiguredProvider(CustomProvider delegate, CompletionDefaults completion,
            Map<ComputeRole<?>, UnaryOperator<?>> roleHooks, List<BeforeRequestHook> beforeRequest) {
        super(delegate);
        this.completion = completion;
        this.roleHooks = Map.copyOf(roleHooks);
        this.beforeRequest = List.copyOf(beforeRequest);
    }

    /** The provider with no defaults yet; a provider that is already configured is returned as it is. */
    public static ConfiguredProvider wrap(CustomProvider provider) {
        Objects.requireNonNull(provider, "provider");
        if (provider instanceof ConfiguredProvider configured) {
            return configured;
        }
        return new ConfiguredProvider(provider, CompletionDefaults.NONE, Map.of(), List.of());
    }

    public CompletionDefaults completionDefaults() {
        return completion;
    }

    /** A system message put first in every completion request (see {@link CompletionDefaults}). */
    public ConfiguredProvider withSystemPrompt(String prompt) {
        return withDefaults(completion.withSystemPrompt(prompt));
    }

    /** Tools sent with completion requests that list none. */
    public ConfiguredProvider withTools(List<ToolDefinition> tools) {
        return withDefaults(completion.withTools(tools));
    }

    /** A response format (JSON Schema) sent with completion requests that have none. */
    public ConfiguredProvider withResponseFormat(JsonNode format) {
        return withDefaults(completion.withResponseFormat(format));
    }

    /** Adds a typed hook for complete, completeAsync and stream; it returns the request to send. */
    public ConfiguredProvider withBeforeCompletion(UnaryOperator<CompletionRequest> hook) {
        Objects.requireNonNull(hook, "hook");
        return withDefaults(completion.withBefore(hook));
    }

    /** Replaces the completion defaults as a whole. */
    public ConfiguredProvider withDefaults(CompletionDefaults defaults) {
        return new ConfiguredProvider(delegate, defaults == null ? CompletionDefaults.NONE : defaults, roleHooks,
                beforeRequest);
    }

    /** Adds a compute role's before-hook; it runs after the role's hooks already added. */
    public <R> ConfiguredProvider withDefaults(RoleDefaults<R> defaults) {
        Objects.requireNonNull(defaults, "defaults");
        Map<ComputeRole<?>, UnaryOperator<?>> hooks = new HashMap<>(roleHooks);
        UnaryOperator<R> existing = roleHook(defaults.role());
        UnaryOperator<R> added = defaults.before();
        UnaryOperator<R> chained = existing == null ? added : request -> {
            R changed = keep(request, existing.apply(request));
            return keep(changed, added.apply(changed));
        };
        hooks.put(defaults.role(), chained);
        return new ConfiguredProvider(delegate, completion, hooks, beforeRequest);
    }

    /** Adds a universal hook that sees every call's method name and request. */
    public ConfiguredProvider withBeforeRequest(BeforeRequestHook hook) {
        Objects.requireNonNull(hook, "hook");
        List<BeforeRequestHook> hooks = new ArrayList<>(beforeRequest);
        hooks.add(hook);
        return new ConfiguredProvider(delegate, completion, roleHooks, hooks);
    }


    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return delegate.complete(prepareCompletion("complete", request));
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        CompletionRequest prepared;
        try {
            prepared = prepareCompletion("complete", request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return delegate.completeAsync(prepared);
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        return delegate.stream(prepareCompletion("stream", request), sink);
    }

    @Override
    @SuppressWarnings("unchecked")
    public EmbeddingResponse embed(List<String> texts) {
        return delegate.embed(universal("embed", List.class, texts));
    }

    @Override
    public AudioResult textToSpeech(SpeechRequest request) {
        return delegate.textToSpeech(prepare("textToSpeech", ComputeRole.SPEECH, request));
    }

    @Override
    public AudioResult generateMusic(MusicRequest request) {
        return delegate.generateMusic(prepare("generateMusic", ComputeRole.MUSIC, request));
    }

    @Override
    public AudioResult generateSfx(MusicRequest request) {
        return delegate.generateSfx(prepare("generateSfx", ComputeRole.MUSIC, request));
    }

    @Override
    public VoiceHandle cloneVoice(VoiceCloneRequest request) {
        return delegate.cloneVoice(prepare("cloneVoice", ComputeRole.VOICE_CLONING, request));
    }

    @Override
    public List<VoiceHandle> listVoices() {
        universal("listVoices", Object.class, null);
        return delegate.listVoices();
    }

    @Override
    public void deleteVoice(VoiceHandle voice) {
        delegate.deleteVoice(universal("deleteVoice", VoiceHandle.class, voice));
    }

    @Override
    public ImageResult generateImage(ImageRequest request) {
        return delegate.generateImage(prepare("generateImage", ComputeRole.IMAGE_GENERATION, request));
    }

    @Override
    public ImageResult upscaleImage(UpscaleRequest request) {
        return delegate.upscaleImage(prepare("upscaleImage", ComputeRole.IMAGE_UPSCALE, request));
    }

    @Override
    public VideoResult textToVideo(VideoRequest request) {
        return delegate.textToVideo(prepare("textToVideo", ComputeRole.VIDEO, request));
    }

    @Override
    public VideoResult imageToVideo(VideoRequest request) {
        return delegate.imageToVideo(prepare("imageToVideo", ComputeRole.VIDEO, request));
    }

    @Override
    public TranscriptionResult transcribe(TranscriptionRequest request) {
        return delegate.transcribe(prepare("transcribe", ComputeRole.TRANSCRIPTION, request));
    }

    @Override
    public ThreeDResult generate3d(ThreeDRequest request) {
        return delegate.generate3d(prepare("generate3d", ComputeRole.THREE_D, request));
    }

    @Override
    public ImageResult removeBackground(BackgroundRemovalRequest request) {
        return delegate.removeBackground(prepare("removeBackground", ComputeRole.BACKGROUND_REMOVAL, request));
    }

    @Override
    public String toString() {
        return "ConfiguredProvider[" + delegate.providerId() + "]";
    }

    private CompletionRequest prepareCompletion(String method, CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return universal(method, CompletionRequest.class, completion.apply(request));
    }

    private <R> R prepare(String method, ComputeRole<R> role, R request) {
        UnaryOperator<R> hook = roleHook(role);
        R current = hook == null ? request : keep(request, hook.apply(request));
        return universal(method, role.requestType(), current);
    }

    private <R> R universal(String method, Class<? super R> type, R request) {
        Object current = request;
        for (BeforeRequestHook hook : beforeRequest) {
            Object next = hook.beforeRequest(method, current);
            if (next != null) {
                if (!type.isInstance(next)) {
                    throw new ValidationError(method, "the before-request hook returned a "
                            + next.getClass().getSimpleName() + " where a " + type.getSimpleName() + " is sent");
                }
                current = next;
            }
        }
        @SuppressWarnings("unchecked")
        R result = (R) current;
        return result;
    }

    @SuppressWarnings("unchecked")
    private <R> UnaryOperator<R> roleHook(ComputeRole<R> role) {
        return (UnaryOperator<R>) roleHooks.get(role);
    }

    private static <R> R keep(R original, R replacement) {
        return replacement == null ? original : replacement;
    }
}
