package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Multimodal tool results on Gemini: functionResponse with the text, then a user turn with the media parts. */
class ToolResultPartsTest {

    final WireServer server = new WireServer();
    final GeminiProvider gemini = GeminiProvider.builder().apiKey("AIzaSy-test-0123456789").baseUrl(server.baseUrl() + "/v1beta").build();

    ToolResultPartsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonNode json(String text) throws Exception {
        return HttpTransport.JSON.readTree(text);
    }

    @Test
    void mediaOfATurnsToolResultsFollowTheFunctionResponsesBeforeTheNextMessage() throws Exception {
        server.reply(WireServer.Reply.json(GeminiProviderTest.textAnswer("ok")));
        gemini.complete(CompletionRequest.of(
                ChatMessage.user("draw"),
                ChatMessage.assistantToolCalls(null, List.of(new ToolCall("c1", "render", json("{}")),
                        new ToolCall("c2", "lookup", json("{}")))),
                new ChatMessage(Role.TOOL, List.of(ContentPart.text("Rendered."),
                        ContentPart.imageUrl("gs://bucket/chart.png", "image/png"),
                        ContentPart.imageBase64("iVBORw0KGgo=", "image/png")), List.of(), null, "render", "c1"),
                ChatMessage.toolResult("c2", "lookup", json("{\"n\":1}")),
                ChatMessage.user("and now?")));

        JsonNode contents = server.lastRequest().json().path("contents");
        assertThat(contents).hasSize(5);
        assertThat(contents.get(2)).isEqualTo(json("""
                {"role":"user","parts":[
                  {"functionResponse":{"name":"render","response":{"result":"Rendered."}}},
                  {"functionResponse":{"name":"lookup","response":{"n":1}}}]}"""));
        assertThat(contents.get(3)).isEqualTo(json("""
                {"role":"user","parts":[
                  {"fileData":{"mimeType":"image/png","fileUri":"gs://bucket/chart.png"}},
                  {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]}"""));
        assertThat(contents.get(4).at("/parts/0/text").asText()).isEqualTo("and now?");
    }
}
