package dev.blazen.llm.provider.defaults;

import dev.blazen.llm.compute.BackgroundRemovalRequest;
import dev.blazen.llm.compute.ImageRequest;
import dev.blazen.llm.compute.MusicRequest;
import dev.blazen.llm.compute.SpeechRequest;
import dev.blazen.llm.compute.ThreeDRequest;
import dev.blazen.llm.compute.TranscriptionRequest;
import dev.blazen.llm.compute.UpscaleRequest;
import dev.blazen.llm.compute.VideoRequest;
import dev.blazen.llm.compute.VoiceCloneRequest;

import java.util.List;

/**
 * The nine compute capabilities that carry their own defaults (Blazen's {@code *ProviderDefaults} types), each typed
 * by the request record its methods take.
 *
 * @param <R> the request type of the role's methods
 */
public final class ComputeRole<R> {

    public static final ComputeRole<SpeechRequest> SPEECH =
            new ComputeRole<>("speech", SpeechRequest.class, List.of("textToSpeech"));
    /** Music and sound effects share the request type and the defaults. */
    public static final ComputeRole<MusicRequest> MUSIC =
            new ComputeRole<>("music", MusicRequest.class, List.of("generateMusic", "generateSfx"));
    public static final ComputeRole<VoiceCloneRequest> VOICE_CLONING =
            new ComputeRole<>("voiceCloning", VoiceCloneRequest.class, List.of("cloneVoice"));
    public static final ComputeRole<ImageRequest> IMAGE_GENERATION =
            new ComputeRole<>("imageGeneration", ImageRequest.class, List.of("generateImage"));
    public static final ComputeRole<UpscaleRequest> IMAGE_UPSCALE =
            new ComputeRole<>("imageUpscale", UpscaleRequest.class, List.of("upscaleImage"));
    /** Text-to-video and image-to-video share the request type and the defaults. */
    public static final ComputeRole<VideoRequest> VIDEO =
            new ComputeRole<>("video", VideoRequest.class, List.of("textToVideo", "imageToVideo"));
    public static final ComputeRole<TranscriptionRequest> TRANSCRIPTION =
            new ComputeRole<>("transcription", TranscriptionRequest.class, List.of("transcribe"));
    public static final ComputeRole<ThreeDRequest> THREE_D =
            new ComputeRole<>("threeD", ThreeDRequest.class, List.of("generate3d"));
    public static final ComputeRole<BackgroundRemovalRequest> BACKGROUND_REMOVAL =
            new ComputeRole<>("backgroundRemoval", BackgroundRemovalRequest.class, List.of("removeBackground"));

    private final String name;
    private final Class<R> requestType;
    private final List<String> methods;

    private ComputeRole(String name, Class<R> requestType, List<String> methods) {
        this.name = name;
        this.requestType = requestType;
        this.methods = methods;
    }

    public String name() {
        return name;
    }

    public Class<R> requestType() {
        return requestType;
    }

    /** The {@link dev.blazen.llm.provider.CustomProvider} methods the role's hook runs for. */
    public List<String> methods() {
        return methods;
    }

    @Override
    public String toString() {
        return name;
    }
}
