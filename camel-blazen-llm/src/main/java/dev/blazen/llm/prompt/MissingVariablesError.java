package dev.blazen.llm.prompt;

import dev.blazen.llm.error.ValidationError;

import java.util.List;

/** A template was rendered without values for some of its variables; {@link #missing()} lists all of them. */
public class MissingVariablesError extends ValidationError {

    private final List<String> missing;

    public MissingVariablesError(String template, List<String> missing) {
        super("variables", (template == null ? "prompt" : "prompt '" + template + "'") + " is missing variables: "
                + String.join(", ", missing));
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
