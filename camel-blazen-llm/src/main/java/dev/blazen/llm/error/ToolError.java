package dev.blazen.llm.error;

import java.util.Optional;

/** A tool failed or does not exist. */
public class ToolError extends BlazenError {

    private final String tool;

    public ToolError(String tool, String message) {
        super("tool error" + (tool == null ? "" : " in '" + tool + "'") + ": " + message);
        this.tool = tool;
    }

    public Optional<String> tool() {
        return Optional.ofNullable(tool);
    }
}
