package dev.blazen.camel.pipeline;

import java.time.Duration;

/** What every stage definition checks when it is built. */
final class StageRules {

    private StageRules() {
    }

    static String requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidPipelineException(null, "a " + what + " name cannot be blank");
        }
        return value;
    }

    static Duration requireTimeout(Duration timeout, String stage) {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new InvalidPipelineException(null, "the timeout of stage '" + stage + "' must be positive, got " + timeout);
        }
        return timeout;
    }
}
