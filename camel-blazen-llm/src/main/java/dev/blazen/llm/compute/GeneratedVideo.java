package dev.blazen.llm.compute;

public record GeneratedVideo(MediaOutput media, Integer width, Integer height, Double durationSeconds, Double fps) {
}
