package dev.blazen.llm.extract;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.provider.CustomProvider;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A provider that answers scripted contents in order and records the requests. */
final class ScriptedModel implements CustomProvider {

    final List<CompletionRequest> requests = new ArrayList<>();
    private final Deque<CompletionResponse> answers = new ArrayDeque<>();

    static ScriptedModel answering(String... contents) {
        ScriptedModel model = new ScriptedModel();
        for (String content : contents) {
            model.answers.add(response(content, List.of()));
        }
        return model;
    }

    static ScriptedModel callingTool(ToolCall call) {
        ScriptedModel model = new ScriptedModel();
        model.answers.add(response(null, List.of(call)));
        return model;
    }

    private static CompletionResponse response(String content, List<ToolCall> calls) {
        return new CompletionResponse(content, calls, TokenUsage.of(12, 34), "scripted-1", "stop", 0.0021,
                RequestTiming.total(40), null);
    }

    @Override
    public String providerId() {
        return "scripted";
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        requests.add(request);
        return answers.removeFirst();
    }
}
