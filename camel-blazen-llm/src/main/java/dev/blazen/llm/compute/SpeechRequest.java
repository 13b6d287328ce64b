package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** Text-to-speech; {@code voiceUrl} is a reference voice for cloning. */
public record SpeechRequest(String text, String voice, String voiceUrl, String language, Double speed, String model,
        JsonNode parameters) {

    public static SpeechRequest of(String text) {
        return new SpeechRequest(text, null, null, null, null, null, null);
    }
}
