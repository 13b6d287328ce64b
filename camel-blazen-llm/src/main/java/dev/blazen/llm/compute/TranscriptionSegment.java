package dev.blazen.llm.compute;

/** Time-aligned text; {@code speaker} is set when diarization was asked for. */
public record TranscriptionSegment(String text, double start, double end, String speaker) {
}
