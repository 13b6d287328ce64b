package dev.blazen.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.pricing.UsageSummary;
import dev.blazen.llm.provider.CustomProvider;
import dev.blazen.llm.tool.Tool;
import dev.blazen.llm.tool.ToolOutput;
import dev.blazen.llm.tool.ToolResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The tool-calling loop: call the model with the tools, run the tools it asks for, send their results back, and
 * repeat until it answers without tools, calls the exit tool, or uses up {@code maxIterations} rounds (then one last
 * call without tools forces a text answer). Tool failures and unknown tools go back to the model as error results;
 * only model errors end a run with an exception.
 */
public final class Agent {

    private static final String EXIT_DESCRIPTION = "Call this when the task is complete, with the final answer.";

    private Agent() {
    }

    public static AgentResult run(CompletionModel model, List<ChatMessage> messages, AgentConfig config) {
        return run(model, messages, config, event -> { });
    }

    public static AgentResult run(CompletionModel model, List<ChatMessage> messages, AgentConfig config,
            Consumer<AgentEvent> callback) {
        long start = System.nanoTime();
        Map<String, Tool> tools = tools(config);
        List<ToolDefinition> definitions = tools.values().stream().map(Tool::definition).toList();
        String provider = model instanceof CustomProvider custom ? custom.providerId() : null;

        CompletionRequest base = CompletionRequest.of(messages).withTemperature(config.temperature())
                .withMaxTokens(config.maxTokens());
        if (config.systemPrompt() != null && !config.systemPrompt().isBlank()) {
            base = base.withSystemPrompt(config.systemPrompt());
        }
        List<ChatMessage> history = new ArrayList<>(base.messages());
        List<ToolExecution> executions = new ArrayList<>();
        UsageSummary usage = UsageSummary.EMPTY;
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        try {
            ToolRound round = new ToolRound(tools, config, executor);
            for (int iteration = 1; ; iteration++) {
                boolean forceAnswer = iteration > config.maxIterations();
                CompletionResponse response = model.complete(base.withMessages(history)
                        .withTools(forceAnswer ? List.of() : definitions));
                usage = usage.plus(response);
                List<ToolCall> calls = withIds(response.toolCalls(), iteration);
                history.add(ChatMessage.assistantToolCalls(response.content(), calls));
                if (forceAnswer || calls.isEmpty()) {
                    callback.accept(new AgentEvent.IterationComplete(iteration, false, usage.usage(), usage.cost()));
                    return result(response, history, iteration - 1, usage, start, executions, null);
                }
                for (var call : calls) {
                    callback.accept(new AgentEvent.ToolCalled(iteration, call));
                }
                boolean exited = false;
                JsonNode exitResult = null;
                for (ToolExecution execution : round.run(iteration, calls)) {
                    executions.add(execution);
                    if (execution.failed()) {
                        history.add(ToolResults.error(execution.call(), execution.error()));
                        callback.accept(new AgentEvent.ToolError(iteration, execution.call(), execution.error(),
                                execution.durationMs()));
                    } else {
                        history.add(ToolResults.message(execution.call(), execution.output(), provider));
                        callback.accept(new AgentEvent.ToolResult(iteration, execution.call(), execution.output(),
                                execution.durationMs()));
                        if (!exited && execution.call().name().equals(config.exitTool())) {
                            exited = true;
                            exitResult = execution.output().data();
                        }
                    }
                }
                callback.accept(new AgentEvent.IterationComplete(iteration, true, usage.usage(), usage.cost()));
                if (exited) {
                    return result(response, history, iteration, usage, start, executions, exitResult);
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** The configured tools by name, plus the built-in exit tool when the exit tool names none of them. */
    private static Map<String, Tool> tools(AgentConfig config) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (Tool tool : config.tools()) {
            if (tools.put(tool.name(), tool) != null) {
                throw new ValidationError("tools", "two tools are named '" + tool.name() + "'");
            }
        }
        String exit = config.exitTool();
        if (exit != null && !exit.isBlank() && !tools.containsKey(exit)) {
            tools.put(exit, Tool.of(new ToolDefinition(exit, EXIT_DESCRIPTION, exitSchema()), ToolOutput::of));
        }
        return tools;
    }

    private static JsonNode exitSchema() {
        var schema = HttpTransport.JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("answer").put("type", "string")
                .put("description", "the final answer");
        schema.putArray("required").add("answer");
        return schema;
    }

    private static AgentResult result(CompletionResponse response, List<ChatMessage> history, int iterations,
            UsageSummary usage, long start, List<ToolExecution> executions, JsonNode exitResult) {
        return new AgentResult(response, history, iterations, usage.usage(), usage.cost(),
                RequestTiming.total((System.nanoTime() - start) / 1_000_000), executions, exitResult);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "blazen-agent-tool-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Some OpenAI-compatible servers send tool calls without ids; the ids tie each result to its call on the next
     * turn, so give those calls stable ones.
     */
    private static List<ToolCall> withIds(List<ToolCall> calls, int iteration) {
        if (calls.stream().allMatch(c -> c.id() != null && !c.id().isBlank())) {
            return calls;
        }
        List<ToolCall> named = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            named.add(call.id() != null && !call.id().isBlank() ? call
                    : new ToolCall("call_" + iteration + "_" + i, call.name(), call.arguments()));
        }
        return named;
    }
}
