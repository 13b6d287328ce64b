package dev.blazen.llm.chat;

import java.util.List;

/**
 * One piece of a streamed completion.
 *
 * @param delta        new text, or null
 * @param toolCalls    tool calls completed with this chunk (streamed argument fragments are assembled first)
 * @param finishReason set on the last chunk
 * @param usage        token usage, when the provider reports it (usually on the last chunk)
 */
public record StreamChunk(String delta, List<ToolCall> toolCalls, String finishReason, TokenUsage usage) {

    public StreamChunk {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static StreamChunk text(String delta) {
        return new StreamChunk(delta, List.of(), null, null);
    }
}
