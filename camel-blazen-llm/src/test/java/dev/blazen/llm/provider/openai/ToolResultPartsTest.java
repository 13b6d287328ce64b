package dev.blazen.llm.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Multimodal tool results on chat completions: text in the tool message, media in a user message after the run. */
class ToolResultPartsTest {

    final WireServer server = new WireServer();
    final OpenAiCompatProvider provider = OpenAiCompatProvider.openaiCompat("openai",
            OpenAiCompatConfig.of(server.baseUrl() + "/v1", ApiKey.of("sk-test-0123456789abcdef"), "gpt-4o"));

    ToolResultPartsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonNode json(String text) throws Exception {
        return HttpTransport.JSON.readTree(text);
    }

    static ChatMessage toolParts(String id, List<ContentPart> parts) {
        return new ChatMessage(Role.TOOL, parts, List.of(), null, "render", id);
    }

    @Test
    void mediaOfEveryToolResultOfATurnFollowsTheToolMessagesInOneUserMessage() throws Exception {
        server.reply(WireServer.Reply.json(OpenAiCompatProviderTest.TEXT_ANSWER));
        provider.complete(CompletionRequest.of(
                ChatMessage.user("draw"),
                ChatMessage.assistantToolCalls(null, List.of(new ToolCall("c1", "render", json("{}")),
                        new ToolCall("c2", "render", json("{}")))),
                toolParts("c1", List.of(ContentPart.text("First "), ContentPart.imageUrl("https://x/1.png", null),
                        ContentPart.text("chart."))),
                toolParts("c2", List.of(new ContentPart.File(new MediaSource.Base64("JVBERi0="), "application/pdf",
                        "report.pdf"))),
                ChatMessage.user("and now?")));

        JsonNode messages = server.lastRequest().json().path("messages");
        assertThat(messages).hasSize(6);
        assertThat(messages.get(2)).isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"First chart.\"}"));
        assertThat(messages.get(3)).isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":\"\"}"));
        assertThat(messages.get(4)).isEqualTo(json("""
                {"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://x/1.png"}},
                  {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}"""));
        assertThat(messages.get(5)).isEqualTo(json("{\"role\":\"user\",\"content\":\"and now?\"}"));
    }

    @Test
    void textOnlyToolResultsAddNoUserMessage() throws Exception {
        server.reply(WireServer.Reply.json(OpenAiCompatProviderTest.TEXT_ANSWER));
        provider.complete(CompletionRequest.of(
                ChatMessage.user("q"),
                ChatMessage.assistantToolCalls(null, List.of(new ToolCall("c1", "t", json("{}")))),
                toolParts("c1", List.of(ContentPart.text("just text")))));

        JsonNode messages = server.lastRequest().json().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(2).path("content").asText()).isEqualTo("just text");
    }
}
