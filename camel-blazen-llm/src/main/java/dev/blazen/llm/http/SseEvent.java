package dev.blazen.llm.http;

/** One server-sent event: its {@code event} name (null when unnamed) and its data lines joined by newlines. */
public record SseEvent(String event, String data, String id) {
}
