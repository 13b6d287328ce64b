package dev.blazen.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;

import java.util.List;

/**
 * The outcome of an agent run.
 *
 * @param response       the last model response
 * @param messages       the full history: the input (with the system prompt), every assistant turn and tool result
 * @param iterations     how many tool-calling rounds ran
 * @param totalUsage     usage summed over every model call
 * @param totalCost      cost summed over the model calls that had one; null when none had
 * @param timing         wall-clock time of the whole run
 * @param toolExecutions every tool call in the order the model made them
 * @param exitResult     the exit tool's data when the run ended through it; null otherwise
 */
public record AgentResult(CompletionResponse response, List<ChatMessage> messages, int iterations,
        TokenUsage totalUsage, Double totalCost, RequestTiming timing, List<ToolExecution> toolExecutions,
        JsonNode exitResult) {

    public AgentResult {
        messages = List.copyOf(messages);
        toolExecutions = List.copyOf(toolExecutions);
    }

    /** The final answer text: the last response's content, or null. */
    public String content() {
        return response.content();
    }
}
