package dev.blazen.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionModel;
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
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.extract.Extractor;
import dev.blazen.llm.extract.StructuredResponse;
import dev.blazen.llm.provider.defaults.BeforeRequestHook;
import dev.blazen.llm.provider.defaults.CompletionDefaults;
import dev.blazen.llm.provider.defaults.ConfiguredProvider;
import dev.blazen.llm.provider.defaults.RoleDefaults;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Blazen's custom-provider contract: one type with 16 typed methods (3 model methods and 13 compute methods). Every
 * method not overridden throws {@link UnsupportedError} naming the provider and the method, so a provider implements
 * exactly the capabilities it has; built-in providers implement this type too.
 */
public interface CustomProvider extends CompletionModel, EmbeddingModel {

    /** A short id such as "openai", "ollama" or "elevenlabs", used in errors, pricing and headers. */
    String providerId();

    @Override
    default String modelId() {
        return providerId();
    }

    @Override
    default int dimensions() {
        return 0;
    }

    @Override
    default CompletionResponse complete(CompletionRequest request) {
        throw unsupported("complete");
    }

    @Override
    default CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        throw unsupported("stream");
    }

    @Override
    default EmbeddingResponse embed(List<String> texts) {
        throw unsupported("embed");
    }

    default AudioResult textToSpeech(SpeechRequest request) {
        throw unsupported("textToSpeech");
    }

    default AudioResult generateMusic(MusicRequest request) {
        throw unsupported("generateMusic");
    }

    default AudioResult generateSfx(MusicRequest request) {
        throw unsupported("generateSfx");
    }

    default VoiceHandle cloneVoice(VoiceCloneRequest request) {
        throw unsupported("cloneVoice");
    }

    default List<VoiceHandle> listVoices() {
        throw unsupported("listVoices");
    }

    default void deleteVoice(VoiceHandle voice) {
        throw unsupported("deleteVoice");
    }

    default ImageResult generateImage(ImageRequest request) {
        throw unsupported("generateImage");
    }

    default ImageResult upscaleImage(UpscaleRequest request) {
        throw unsupported("upscaleImage");
    }

    default VideoResult textToVideo(VideoRequest request) {
        throw unsupported("textToVideo");
    }

    default VideoResult imageToVideo(VideoRequest request) {
        throw unsupported("imageToVideo");
    }

    default TranscriptionResult transcribe(TranscriptionRequest request) {
        throw unsupported("transcribe");
    }

    default ThreeDResult generate3d(ThreeDRequest request) {
        throw unsupported("generate3d");
    }

    default ImageResult removeBackground(BackgroundRemovalRequest request) {
        throw unsupported("removeBackground");
    }

    // ---- instance defaults: each returns a new provider, this one is unchanged ---------------------------------

    /** Puts a system message before every conversation. */
    default ConfiguredProvider withSystemPrompt(String prompt) {
        return ConfiguredProvider.wrap(this).withSystemPrompt(prompt);
    }

    /** Tools offered when a request names none. */
    default ConfiguredProvider withTools(List<ToolDefinition> tools) {
        return ConfiguredProvider.wrap(this).withTools(tools);
    }

    /** A response format (JSON Schema) used when a request has none. */
    default ConfiguredProvider withResponseFormat(JsonNode format) {
        return ConfiguredProvider.wrap(this).withResponseFormat(format);
    }

    /** A hook seeing every call's method name ("complete", "textToSpeech", ...) and request; it may return a new request. */
    default ConfiguredProvider withBeforeRequest(BeforeRequestHook hook) {
        return ConfiguredProvider.wrap(this).withBeforeRequest(hook);
    }

    /** A typed hook on completion requests. */
    default ConfiguredProvider withBeforeCompletion(UnaryOperator<CompletionRequest> hook) {
        return ConfiguredProvider.wrap(this).withBeforeCompletion(hook);
    }

    default ConfiguredProvider withDefaults(CompletionDefaults defaults) {
        return ConfiguredProvider.wrap(this).withDefaults(defaults);
    }

    /** Per-role defaults with their own before-hook (speech, image generation, transcription, ...). */
    default <R> ConfiguredProvider withDefaults(RoleDefaults<R> defaults) {
        return ConfiguredProvider.wrap(this).withDefaults(defaults);
    }

    /** Structured output into a Java class: schema generated, answer parsed and validated; see {@link Extractor}. */
    default <T> StructuredResponse<T> extract(Class<T> type, List<ChatMessage> messages) {
        return Extractor.extract(this, type, messages);
    }

    /** Structured output against a JSON Schema. */
    default StructuredResponse<JsonNode> extract(JsonNode schema, List<ChatMessage> messages) {
        return Extractor.extract(this, schema, messages);
    }

    // ---- factories ----------------------------------------------------------------------------------------------

    /** Ollama's OpenAI-compatible server on localhost:11434. */
    static CustomProvider ollama(String model) {
        return dev.blazen.llm.provider.openai.OpenAiCompatProvider.ollama(model);
    }

    static CustomProvider ollama(String model, String host, int port) {
        return dev.blazen.llm.provider.openai.OpenAiCompatProvider.ollama(model, host, port);
    }

    /** LM Studio's server on localhost:1234. */
    static CustomProvider lmStudio(String model) {
        return dev.blazen.llm.provider.openai.OpenAiCompatProvider.lmStudio(model);
    }

    static CustomProvider lmStudio(String model, String host, int port) {
        return dev.blazen.llm.provider.openai.OpenAiCompatProvider.lmStudio(model, host, port);
    }

    /** Any server speaking the OpenAI chat-completions wire format (vLLM, llama.cpp, TGI, ...). */
    static CustomProvider openaiCompat(String providerId, dev.blazen.llm.provider.openai.OpenAiCompatConfig config) {
        return dev.blazen.llm.provider.openai.OpenAiCompatProvider.openaiCompat(providerId, config);
    }

    /** A provider from a model string such as openai:gpt-4o-mini; see {@link ModelStrings}. */
    static CustomProvider of(String modelString) {
        return ModelStrings.resolve(modelString, ModelStrings.Options.none());
    }

    private UnsupportedError unsupported(String method) {
        return new UnsupportedError("provider '" + providerId() + "' does not implement " + method);
    }
}
