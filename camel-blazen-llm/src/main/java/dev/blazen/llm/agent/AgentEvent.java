package dev.blazen.llm.agent;

import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.tool.ToolOutput;

/** What happens during an agent run, delivered to the run's callback in order on the calling thread. */
public sealed interface AgentEvent {

    int iteration();

    /** The model asked for a tool; emitted before the turn's tools start. */
    record ToolCalled(int iteration, ToolCall toolCall) implements AgentEvent {
    }

    record ToolResult(int iteration, ToolCall toolCall, ToolOutput output, long durationMs) implements AgentEvent {
    }

    /** A tool failed, timed out or does not exist; {@code message} is the sanitised text the model receives. */
    record ToolError(int iteration, ToolCall toolCall, String message, long durationMs) implements AgentEvent {
    }

    /**
     * One model call and its tools are done.
     *
     * @param usage the usage of the run so far
     * @param cost  the cost of the run so far, null while no response had one
     */
    record IterationComplete(int iteration, boolean hadToolCalls, TokenUsage usage, Double cost) implements AgentEvent {
    }
}
