package dev.blazen.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.WireServer;
import dev.blazen.llm.pricing.PricedProvider;
import dev.blazen.llm.pricing.PricingRegistry;
import dev.blazen.llm.provider.CustomProvider;
import dev.blazen.llm.provider.anthropic.AnthropicProvider;
import dev.blazen.llm.provider.gemini.GeminiProvider;
import dev.blazen.llm.provider.openai.OpenAiCompatConfig;
import dev.blazen.llm.provider.openai.OpenAiCompatProvider;
import dev.blazen.llm.tool.LlmPayload;
import dev.blazen.llm.tool.Tool;
import dev.blazen.llm.tool.ToolOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.blazen.llm.agent.ScriptedModel.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent loop against each provider's real wire format: a tool-call turn, the tools' results sent back in the
 * provider's shape (multimodal ones too, as docs page 46 describes), then the final answer.
 */
class AgentProvidersTest {

    static final String PNG = "iVBORw0KGgo=";
    static final List<ChatMessage> QUESTION = List.of(ChatMessage.user("Weather in Paris?"));
    static final JsonNode CITY_SCHEMA = json("""
            {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    static final Tool WEATHER = Tool.of(new ToolDefinition("get_weather", "Current weather", CITY_SCHEMA),
            args -> ToolOutput.of(json("{\"temp_c\":21,\"city\":\"" + args.path("city").asText() + "\"}")));
    static final Tool TIME = Tool.of(new ToolDefinition("get_time", "Local time", CITY_SCHEMA),
            args -> ToolOutput.of(TextNode.valueOf("noon")));
    static final Tool CHART = Tool.of(new ToolDefinition("render_chart", "Renders a chart", CITY_SCHEMA),
            args -> ToolOutput.withOverride(json("{\"file\":\"chart.png\"}"), new LlmPayload.Parts(List.of(
                    ContentPart.text("Rendered."), ContentPart.imageBase64(PNG, "image/png")))));

    final WireServer server = new WireServer();
    final PricingRegistry prices = PricingRegistry.empty();

    AgentProvidersTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- OpenAI chat completions

    static String openAiToolCalls(String... calls) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[%s]},
                             "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":40,"completion_tokens":10,"total_tokens":50}}""".formatted(String.join(",", calls));
    }

    static String openAiCall(String id, String name) {
        return """
                {"id":"%s","type":"function","function":{"name":"%s","arguments":"{\\"city\\":\\"Paris\\"}"}}"""
                .formatted(id, name);
    }

    static final String OPENAI_ANSWER = """
            {"id":"chatcmpl-2","object":"chat.completion","model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"21 degrees at noon."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":60,"completion_tokens":5,"total_tokens":65}}""";

    CustomProvider openAi() {
        prices.register("gpt-4o-mini", 1.0, 2.0);
        return new PricedProvider(OpenAiCompatProvider.openaiCompat("openai",
                OpenAiCompatConfig.of(server.baseUrl() + "/v1", ApiKey.of("sk-test-0123456789abcdef"), "gpt-4o-mini")),
                prices);
    }

    @Test
    void openAiToolCallsRunAndTheirResultsGoBackAsToolMessages() {
        server.reply(WireServer.Reply.json(openAiToolCalls(openAiCall("call_a", "get_weather"), openAiCall("call_b", "get_time"))))
                .reply(WireServer.Reply.json(OPENAI_ANSWER));

        AgentResult result = Agent.run(openAi(), QUESTION, AgentConfig.of(WEATHER, TIME));

        assertThat(result.content()).isEqualTo("21 degrees at noon.");
        assertThat(result.iterations()).isEqualTo(1);
        assertThat(server.requests()).hasSize(2);
        JsonNode first = server.requests().get(0).json();
        assertThat(server.requests().get(0).path()).isEqualTo("/v1/chat/completions");
        assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/tools/1/function/parameters")).isEqualTo(CITY_SCHEMA);
        JsonNode messages = server.requests().get(1).json().path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).at("/tool_calls/1/id").asText()).isEqualTo("call_b");
        assertThat(messages.get(2)).isEqualTo(json("""
                {"role":"tool","tool_call_id":"call_a","content":"{\\"temp_c\\":21,\\"city\\":\\"Paris\\"}"}"""));
        assertThat(messages.get(3)).isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"noon\"}"));
        assertThat(result.totalUsage()).isEqualTo(new TokenUsage(100, 15, 115));
        // 100 input tokens at $1/M plus 15 output tokens at $2/M
        assertThat(result.totalCost()).isCloseTo(130e-6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void openAiMultimodalToolResultsSendTheTextAsToolMessageAndTheImagesInAFollowingUserMessage() {
        server.reply(WireServer.Reply.json(openAiToolCalls(openAiCall("call_a", "render_chart"), openAiCall("call_b", "get_time"))))
                .reply(WireServer.Reply.json(OPENAI_ANSWER));

        AgentResult result = Agent.run(openAi(), QUESTION, AgentConfig.of(CHART, TIME));

        JsonNode messages = server.requests().get(1).json().path("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(2)).isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"Rendered.\"}"));
        assertThat(messages.get(3)).isEqualTo(json("{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"noon\"}"));
        assertThat(messages.get(4)).isEqualTo(json("""
                {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}"""
                .formatted(PNG)));
        assertThat(result.toolExecutions().get(0).output().data()).isEqualTo(json("{\"file\":\"chart.png\"}"));
    }

    // ---------------------------------------------------------------- Anthropic messages

    static final String ANTHROPIC_TOOL_USE = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"Let me check."},
                        {"type":"tool_use","id":"toolu_01A","name":"%s","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":30}}""";
    static final String ANTHROPIC_ANSWER = """
            {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"It is 21 degrees."}],
             "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":90,"output_tokens":8}}""";

    AnthropicProvider anthropic() {
        return AnthropicProvider.builder().apiKey("sk-ant-test-0123456789").baseUrl(server.baseUrl()).build();
    }

    @Test
    void anthropicToolUseRunsAndTheResultGoesBackAsToolResultBlock() {
        server.reply(WireServer.Reply.json(ANTHROPIC_TOOL_USE.formatted("get_weather")))
                .reply(WireServer.Reply.json(ANTHROPIC_ANSWER));

        AgentResult result = Agent.run(anthropic(), QUESTION, AgentConfig.of(WEATHER).withSystemPrompt("Be brief."));

        assertThat(result.content()).isEqualTo("It is 21 degrees.");
        assertThat(server.requests().get(0).path()).isEqualTo("/v1/messages");
        JsonNode first = server.requests().get(0).json();
        assertThat(first.path("system").asText()).isEqualTo("Be brief.");
        assertThat(first.at("/tools/0/input_schema")).isEqualTo(CITY_SCHEMA);
        JsonNode messages = server.requests().get(1).json().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).at("/content/1")).isEqualTo(json("""
                {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"}}"""));
        assertThat(messages.get(2)).isEqualTo(json("""
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A",
                  "content":[{"type":"text","text":"{\\"temp_c\\":21,\\"city\\":\\"Paris\\"}"}]}]}"""));
        assertThat(result.totalUsage()).isEqualTo(new TokenUsage(130, 38, 168));
    }

    @Test
    void anthropicMultimodalToolResultsCarryImageBlocks() {
        server.reply(WireServer.Reply.json(ANTHROPIC_TOOL_USE.formatted("render_chart")))
                .reply(WireServer.Reply.json(ANTHROPIC_ANSWER));

        Agent.run(anthropic(), QUESTION, AgentConfig.of(CHART));

        JsonNode messages = server.requests().get(1).json().path("messages");
        assertThat(messages.get(2)).isEqualTo(json("""
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":[
                   {"type":"text","text":"Rendered."},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]}]}"""
                .formatted(PNG)));
    }

    // ---------------------------------------------------------------- Gemini generateContent

    static final String GEMINI_CALL = """
            {"candidates":[{"content":{"role":"model","parts":[
               {"functionCall":{"name":"%s","args":{"city":"Paris"}}}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":6,"totalTokenCount":36},
             "modelVersion":"gemini-2.5-flash"}""";
    static final String GEMINI_ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"21 degrees."}]},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":4,"totalTokenCount":54},
             "modelVersion":"gemini-2.5-flash"}""";

    GeminiProvider gemini() {
        return GeminiProvider.builder().apiKey("AIzaSy-test-0123456789").baseUrl(server.baseUrl() + "/v1beta").build();
    }

    @Test
    void geminiFunctionCallsRunAndTheResultGoesBackAsFunctionResponse() {
        server.reply(WireServer.Reply.json(GEMINI_CALL.formatted("get_weather"))).reply(WireServer.Reply.json(GEMINI_ANSWER));

        AgentResult result = Agent.run(gemini(), QUESTION, AgentConfig.of(WEATHER));

        assertThat(result.content()).isEqualTo("21 degrees.");
        assertThat(server.requests().get(0).path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(server.requests().get(0).json().at("/tools/0/functionDeclarations/0/name").asText())
                .isEqualTo("get_weather");
        JsonNode contents = server.requests().get(1).json().path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1)).isEqualTo(json("""
                {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]}"""));
        assertThat(contents.get(2)).isEqualTo(json("""
                {"role":"user","parts":[{"functionResponse":{"name":"get_weather",
                   "response":{"temp_c":21,"city":"Paris"}}}]}"""));
        assertThat(result.totalUsage().totalTokens()).isEqualTo(90);
    }

    @Test
    void geminiMultimodalToolResultsFollowTheFunctionResponseWithInlineData() {
        server.reply(WireServer.Reply.json(GEMINI_CALL.formatted("render_chart"))).reply(WireServer.Reply.json(GEMINI_ANSWER));

        Agent.run(gemini(), QUESTION, AgentConfig.of(CHART));

        JsonNode contents = server.requests().get(1).json().path("contents");
        assertThat(contents).hasSize(4);
        assertThat(contents.get(2)).isEqualTo(json("""
                {"role":"user","parts":[{"functionResponse":{"name":"render_chart","response":{"result":"Rendered."}}}]}"""));
        assertThat(contents.get(3)).isEqualTo(json("""
                {"role":"user","parts":[{"inlineData":{"mimeType":"image/png","data":"%s"}}]}""".formatted(PNG)));
    }

    // ---------------------------------------------------------------- a custom provider

    @Test
    void aCustomProviderRunsTheLoopAndIsPricedByTheRegistry() {
        ScriptedModel custom = new ScriptedModel("acme")
                .then(ScriptedModel.calls(ScriptedModel.call("c1", "get_weather", "{\"city\":\"Oslo\"}")))
                .then(ScriptedModel.answer("4 degrees"));
        prices.register("m", 10.0, 20.0);

        AgentResult result = Agent.run(new PricedProvider(custom, prices), QUESTION, AgentConfig.of(WEATHER));

        assertThat(result.content()).isEqualTo("4 degrees");
        assertThat(custom.requests.get(1).messages().get(2).toolResult())
                .isEqualTo(json("{\"temp_c\":21,\"city\":\"Oslo\"}"));
        // (10 + 20) input tokens at $10/M and (5 + 7) output tokens at $20/M
        assertThat(result.totalCost()).isCloseTo(540e-6, org.assertj.core.data.Offset.offset(1e-12));
    }
}
