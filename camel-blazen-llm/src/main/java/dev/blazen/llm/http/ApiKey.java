package dev.blazen.llm.http;

import java.util.Objects;

/** A credential that never shows itself: toString, logs and error messages see a mask. */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** The key, or null when {@code value} is null or blank. */
    public static ApiKey of(String value) {
        return value == null || value.isBlank() ? null : new ApiKey(value.strip());
    }

    /** The first non-blank of an explicit value and the named environment variables, or null. */
    public static ApiKey resolve(String explicit, String... environmentVariables) {
        ApiKey key = of(explicit);
        for (int i = 0; key == null && i < environmentVariables.length; i++) {
            key = of(System.getenv(environmentVariables[i]));
        }
        return key;
    }

    /** The secret itself, for the one place that puts it on the wire. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "ApiKey[****]";
    }
}
