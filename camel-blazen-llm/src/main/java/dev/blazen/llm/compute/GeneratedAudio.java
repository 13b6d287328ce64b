package dev.blazen.llm.compute;

public record GeneratedAudio(MediaOutput media, Double durationSeconds, Integer sampleRate, Integer channels) {
}
