package dev.blazen.llm.agent;

import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.tool.ToolOutput;

/**
 * One tool call of a run.
 *
 * @param output the tool's output (its data is what callers see); null when it failed
 * @param error  the sanitised error text the model received; null when it succeeded
 */
public record ToolExecution(int iteration, ToolCall call, ToolOutput output, String error, long durationMs) {

    public boolean failed() {
        return error != null;
    }
}
