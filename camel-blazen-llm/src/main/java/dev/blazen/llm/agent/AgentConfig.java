package dev.blazen.llm.agent;

import dev.blazen.llm.tool.ContentRefResolver;
import dev.blazen.llm.tool.Tool;

import java.time.Duration;
import java.util.List;

/**
 * How an agent runs. The {@code with*} methods return changed copies.
 *
 * @param maxIterations   tool-calling rounds before one last call without tools forces a text answer (default 10)
 * @param toolConcurrency how many tool calls of one turn run at once; 0 is unlimited
 * @param exitTool        name of a tool whose call ends the run with its result; when no configured tool has that
 *                        name, a built-in one taking {@code {"answer": string}} is offered; null for none
 * @param toolTimeout     how long one tool call may run before it fails with a timeout; null for no limit
 * @param contentRefs     resolves {@code x-blazen-content-ref} arguments before a tool runs; null to pass ids as they are
 */
public record AgentConfig(List<Tool> tools, int maxIterations, int toolConcurrency, String exitTool,
        String systemPrompt, Duration toolTimeout, Double temperature, Integer maxTokens,
        ContentRefResolver contentRefs) {

    public static final int DEFAULT_MAX_ITERATIONS = 10;

    public AgentConfig {
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1");
        }
        if (toolConcurrency < 0) {
            throw new IllegalArgumentException("toolConcurrency must be 0 (unlimited) or more");
        }
        if (toolTimeout != null && (toolTimeout.isNegative() || toolTimeout.isZero())) {
            throw new IllegalArgumentException("toolTimeout must be positive");
        }
    }

    public static AgentConfig of(List<Tool> tools) {
        return new AgentConfig(tools, DEFAULT_MAX_ITERATIONS, 0, null, null, null, null, null, null);
    }

    public static AgentConfig of(Tool... tools) {
        return of(List.of(tools));
    }

    public AgentConfig withMaxIterations(int value) {
        return new AgentConfig(tools, value, toolConcurrency, exitTool, systemPrompt, toolTimeout, temperature, maxTokens, contentRefs);
    }

    public AgentConfig withToolConcurrency(int value) {
        return new AgentConfig(tools, maxIterations, value, exitTool, systemPrompt, toolTimeout, temperature, maxTokens, contentRefs);
    }

    public AgentConfig withExitTool(String value) {
        return new AgentConfig(tools, maxIterations, toolConcurrency, value, systemPrompt, toolTimeout, temperature, maxTokens, contentRefs);
    }

    public AgentConfig withSystemPrompt(String value) {
        return new AgentConfig(tools, maxIterations, toolConcurrency, exitTool, value, toolTimeout, temperature, maxTokens, contentRefs);
    }

    public AgentConfig withToolTimeout(Duration value) {
        return new AgentConfig(tools, maxIterations, toolConcurrency, exitTool, systemPrompt, value, temperature, maxTokens, contentRefs);
    }

    public AgentConfig withTemperature(Double value) {
        return new AgentConfig(tools, maxIterations, toolConcurrency, exitTool, systemPrompt, toolTimeout, value, maxTokens, contentRefs);
    }

    public AgentConfig withMaxTokens(Integer value) {
        return new AgentConfig(tools, maxIterations, toolConcurrency, exitTool, systemPrompt, toolTimeout, temperature, value, contentRefs);
    }

    public AgentConfig withContentRefs(ContentRefResolver value) {
        return new AgentConfig(tools, maxIterations, toolConcurrency, exitTool, systemPrompt, toolTimeout, temperature, maxTokens, value);
    }
}
