package dev.blazen.llm.compute;

public record Generated3DModel(MediaOutput media, Long vertexCount, Long faceCount, boolean hasTextures, boolean hasAnimations) {
}
