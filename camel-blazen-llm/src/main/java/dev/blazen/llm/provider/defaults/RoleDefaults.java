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

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The defaults of one compute role: a typed before-hook that gets the role's request and returns the request to send
 * (a changed copy, the same request, or null for unchanged). One record serves the nine roles of Blazen's
 * {@code *ProviderDefaults} types; the factories name them.
 */
public record RoleDefaults<R>(ComputeRole<R> role, UnaryOperator<R> before) {

    public RoleDefaults {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(before, "before");
    }

    public static RoleDefaults<SpeechRequest> speech(UnaryOperator<SpeechRequest> before) {
        return new RoleDefaults<>(ComputeRole.SPEECH, before);
    }

    public static RoleDefaults<MusicRequest> music(UnaryOperator<MusicRequest> before) {
        return new RoleDefaults<>(ComputeRole.MUSIC, before);
    }

    public static RoleDefaults<VoiceCloneRequest> voiceCloning(UnaryOperator<VoiceCloneRequest> before) {
        return new RoleDefaults<>(ComputeRole.VOICE_CLONING, before);
    }

    public static RoleDefaults<ImageRequest> imageGeneration(UnaryOperator<ImageRequest> before) {
        return new RoleDefaults<>(ComputeRole.IMAGE_GENERATION, before);
    }

    public static RoleDefaults<UpscaleRequest> imageUpscale(UnaryOperator<UpscaleRequest> before) {
        return new RoleDefaults<>(ComputeRole.IMAGE_UPSCALE, before);
    }

    public static RoleDefaults<VideoRequest> video(UnaryOperator<VideoRequest> before) {
        return new RoleDefaults<>(ComputeRole.VIDEO, before);
    }

    public static RoleDefaults<TranscriptionRequest> transcription(UnaryOperator<TranscriptionRequest> before) {
        return new RoleDefaults<>(ComputeRole.TRANSCRIPTION, before);
    }

    public static RoleDefaults<ThreeDRequest> threeD(UnaryOperator<ThreeDRequest> before) {
        return new RoleDefaults<>(ComputeRole.THREE_D, before);
    }

    public static RoleDefaults<BackgroundRemovalRequest> backgroundRemoval(
            UnaryOperator<BackgroundRemovalRequest> before) {
        return new RoleDefaults<>(ComputeRole.BACKGROUND_REMOVAL, before);
    }
}
