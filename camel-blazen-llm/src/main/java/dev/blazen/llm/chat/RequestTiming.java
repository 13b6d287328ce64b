package dev.blazen.llm.chat;

/** Where a request's time went, in milliseconds; null where unknown. */
public record RequestTiming(Long queueMs, Long executionMs, Long totalMs) {

    public static RequestTiming total(long totalMs) {
        return new RequestTiming(null, null, totalMs);
    }
}
