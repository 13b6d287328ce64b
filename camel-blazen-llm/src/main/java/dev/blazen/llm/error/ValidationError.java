package dev.blazen.llm.error;

import java.util.Optional;

/** Invalid input; {@link #field()} names the offending field or JSON path when known. */
public class ValidationError extends BlazenError {

    private final String field;

    public ValidationError(String field, String message) {
        super("invalid input" + (field == null ? "" : " at " + field) + ": " + message);
        this.field = field;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
