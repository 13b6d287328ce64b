package dev.blazen.llm.local;

import java.time.Instant;
import java.util.Optional;

/** A registered model: its pool, memory estimate, whether it is loaded and when it was last loaded or used. */
public record ModelStatus(String id, String pool, long estimatedBytes, boolean loaded, Optional<Instant> lastUsed) {
}
