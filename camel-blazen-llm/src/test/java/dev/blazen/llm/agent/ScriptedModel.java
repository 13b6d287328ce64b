package dev.blazen.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.provider.CustomProvider;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** A custom provider answering from a script (or a function of the request) and recording every request. */
final class ScriptedModel implements CustomProvider {

    final List<CompletionRequest> requests = new ArrayList<>();
    private final Deque<CompletionResponse> script = new ArrayDeque<>();
    private final String providerId;
    private Function<CompletionRequest, CompletionResponse> fallback;

    ScriptedModel() {
        this("scripted");
    }

    ScriptedModel(String providerId) {
        this.providerId = providerId;
    }

    ScriptedModel then(CompletionResponse response) {
        script.add(response);
        return this;
    }

    ScriptedModel otherwise(Function<CompletionRequest, CompletionResponse> answer) {
        this.fallback = answer;
        return this;
    }

    static CompletionResponse calls(ToolCall... calls) {
        return new CompletionResponse(null, List.of(calls), TokenUsage.of(10, 5), "m", "tool_calls", null, null, null);
    }

    static CompletionResponse answer(String text) {
        return new CompletionResponse(text, List.of(), TokenUsage.of(20, 7), "m", "stop", null, null, null);
    }

    static ToolCall call(String id, String name, String arguments) {
        return new ToolCall(id, name, json(arguments));
    }

    static JsonNode json(String text) {
        try {
            return HttpTransport.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public String modelId() {
        return "m";
    }

    @Override
    public synchronized CompletionResponse complete(CompletionRequest request) {
        requests.add(request);
        if (!script.isEmpty()) {
            return script.poll();
        }
        if (fallback != null) {
            return fallback.apply(request);
        }
        throw new AssertionError("the script has no answer for request " + requests.size());
    }
}
