package dev.blazen.llm.compute;

public record GeneratedImage(MediaOutput media, Integer width, Integer height) {
}
