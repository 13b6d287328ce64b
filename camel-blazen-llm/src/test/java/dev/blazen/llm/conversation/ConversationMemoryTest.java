package dev.blazen.llm.conversation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationMemoryTest {

    /** Answers "answer N" and keeps every request it saw. */
    private static final class ScriptedModel implements CompletionModel {
        final List<CompletionRequest> seen = new ArrayList<>();

        @Override
        public String modelId() {
            return "scripted";
        }

        @Override
        public CompletionResponse complete(CompletionRequest request) {
            seen.add(request);
            return new CompletionResponse("answer " + seen.size(), List.of(), null, "scripted", "stop", null, null, null);
        }

        @Override
        public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
            CompletionResponse response = complete(request);
            sink.onChunk(dev.blazen.llm.chat.StreamChunk.text(response.content()));
            return response;
        }
    }

    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final ScriptedModel model = new ScriptedModel();

    @Test
    void aConversationRoundTripsThroughTheStore() {
        ConversationMemory memory = new ConversationMemory(store, 4000);
        ChatMessage system = ChatMessage.system("Be terse.");

        memory.complete(model, "user-1", CompletionRequest.of(system, ChatMessage.user("What is 2 + 2?")).withTemperature(0.2));
        CompletionResponse second = memory.complete(model, "user-1", CompletionRequest.of(system, ChatMessage.user("And 3 + 3?")));

        assertThat(second.content()).isEqualTo("answer 2");
        assertThat(model.seen.get(0).messages()).extracting(ChatMessage::text).containsExactly("Be terse.", "What is 2 + 2?");
        assertThat(model.seen.get(0).temperature()).isEqualTo(0.2);
        assertThat(model.seen.get(1).messages()).extracting(ChatMessage::text)
                .containsExactly("Be terse.", "What is 2 + 2?", "answer 1", "And 3 + 3?");
        assertThat(model.seen.get(1).messages()).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        // system prompts are not stored: each request brings its own
        assertThat(memory.history("user-1")).extracting(ChatMessage::text)
                .containsExactly("What is 2 + 2?", "answer 1", "And 3 + 3?", "answer 2");
        assertThat(memory.history("user-2")).isEmpty();
    }

    @Test
    void conversationsAreKeptApart() {
        ConversationMemory memory = new ConversationMemory(store, 4000);

        memory.complete(model, "a", CompletionRequest.of(ChatMessage.user("from a")));
        memory.complete(model, "b", CompletionRequest.of(ChatMessage.user("from b")));

        assertThat(model.seen.get(1).messages()).extracting(ChatMessage::text).containsExactly("from b");
        memory.clear("a");
        assertThat(memory.history("a")).isEmpty();
        assertThat(memory.history("b")).hasSize(2);
    }

    @Test
    void theOldestHistoryGoesFirstAndTheNewMessagesAlwaysStay() {
        // every message below is 7 ASCII bytes: 6 tokens each with the estimator
        store.append("c", List.of(ChatMessage.user("q1q1q1q"), ChatMessage.assistant("a1a1a1a"),
                ChatMessage.user("q2q2q2q"), ChatMessage.assistant("a2a2a2a")));
        ConversationMemory memory = new ConversationMemory(store, 27);
        CompletionRequest request = CompletionRequest.of(ChatMessage.system("sssssss"), ChatMessage.user("q3q3q3q"));

        List<ChatMessage> sent = memory.withHistory("c", request).messages();

        // 3 + system 6 + new 6 leaves 12: the two newest history messages
        assertThat(sent).extracting(ChatMessage::text).containsExactly("sssssss", "q2q2q2q", "a2a2a2a", "q3q3q3q");

        ConversationMemory tiny = new ConversationMemory(store, 5);
        assertThat(tiny.withHistory("c", request).messages()).extracting(ChatMessage::text)
                .containsExactly("sssssss", "q3q3q3q");
    }

    @Test
    void toolResultsWhoseCallWasEvictedAreDroppedToo() {
        ToolCall call = new ToolCall("call-1", "clock", JsonNodeFactory.instance.objectNode());
        store.append("c", List.of(
                ChatMessage.user("What time is it?"),
                ChatMessage.assistantToolCalls(null, List.of(call)),
                ChatMessage.toolResult("call-1", "clock", TextNode.valueOf("12:00")),
                ChatMessage.assistant("Noon.")));
        CompletionRequest request = CompletionRequest.of(ChatMessage.user("Thanks"));
        // "Noon." costs 6, the tool result 4 + ceil(10 / 3.5) = 7, "Thanks" 6: room for the answer and the result only
        ConversationMemory memory = new ConversationMemory(store, 3 + 6 + 7 + 6);

        List<ChatMessage> sent = memory.withHistory("c", request).messages();

        assertThat(sent).extracting(ChatMessage::role).containsExactly(Role.ASSISTANT, Role.USER);
        assertThat(sent).extracting(ChatMessage::text).containsExactly("Noon.", "Thanks");
    }

    @Test
    void recordsToolCallingAnswersAndAgentTurnsAsTheyAre() {
        ConversationMemory memory = new ConversationMemory(store, 4000);
        ToolCall call = new ToolCall("call-1", "clock", JsonNodeFactory.instance.objectNode());
        CompletionResponse toolAnswer = new CompletionResponse(null, List.of(call), null, "m", "tool_calls", null, null, null);

        memory.record("c", CompletionRequest.of(ChatMessage.system("s"), ChatMessage.user("time?")), toolAnswer);
        memory.record("c", List.of(ChatMessage.system("ignored"),
                ChatMessage.toolResult("call-1", "clock", TextNode.valueOf("12:00")), ChatMessage.assistant("Noon.")));

        List<ChatMessage> history = memory.history("c");
        assertThat(history).extracting(ChatMessage::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(history.get(1).toolCalls()).containsExactly(call);
    }
}
