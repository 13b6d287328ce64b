package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.http.WireServer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model strings on blazen: endpoints reach a local server speaking the OpenAI wire format, from Java and YAML. */
class ProviderStringsRouteTest extends CamelTestSupport {

    static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}";

    final WireServer server = new WireServer();

    ProviderStringsRouteTest() throws Exception {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").toD("blazen:complete?model=openai:gpt-4o-mini&apiKey=RAW(sk-route-key-0001)&baseUrl="
                        + server.baseUrl() + "/v1");
                from("direct:stream").toD("blazen:stream?model=compat:local-model&baseUrl=" + server.baseUrl()
                        + "/v1&chunkUri=mock:tokens");
            }
        };
    }

    @Test
    void completeThroughAnOpenAiModelString() {
        server.reply(WireServer.Reply.json(ANSWER));
        Exchange exchange = template.request("direct:ask", e -> e.getMessage().setBody("Capital of France?"));
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody()).isEqualTo("Paris.");
        assertThat(exchange.getMessage().getHeader(BlazenConstants.TOTAL_TOKEN_COUNT)).isEqualTo(14L);
        WireServer.Recorded request = server.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.headers()).containsEntry("authorization", "Bearer sk-route-key-0001");
        assertThat(request.json().path("messages").get(0).path("content").asText()).isEqualTo("Capital of France?");
    }

    @Test
    void streamTokensReachTheChunkRoute() throws Exception {
        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"model\":\"local-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}",
                "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"model\":\"local-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}",
                "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"model\":\"local-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "data: [DONE]")));
        getMockEndpoint("mock:tokens").expectedBodiesReceived("Hel", "lo");
        assertThat(template.requestBody("direct:stream", "hi")).isEqualTo("Hello");
        getMockEndpoint("mock:tokens").assertIsSatisfied();
        assertThat(server.lastRequest().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void providerErrorsAreTypedOnTheExchange() {
        server.reply(WireServer.Reply.error(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
                Map.of("Retry-After", "3")));
        assertThatThrownBy(() -> template.requestBody("direct:ask", "x"))
                .cause().isInstanceOfSatisfying(RateLimitError.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
        server.reply(WireServer.Reply.error(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-route-key-0001\"}}", Map.of()));
        assertThatThrownBy(() -> template.requestBody("direct:ask", "x"))
                .cause().isInstanceOf(AuthError.class).hasMessageNotContaining("sk-route-key-0001");
    }

    @Test
    void yamlRouteWithAProviderString() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("ollama.yaml", """
                - route:
                    from:
                      uri: direct:yaml-ollama
                      steps:
                        - to:
                            uri: blazen:complete
                            parameters:
                              model: ollama:llama3.1
                              baseUrl: %s/v1
                              systemPrompt: Answer briefly.
                """.formatted(server.baseUrl())));
        server.reply(WireServer.Reply.json(ANSWER));
        assertThat(template.requestBody("direct:yaml-ollama", "Capital of France?")).isEqualTo("Paris.");
        var body = server.lastRequest().json();
        assertThat(body.path("model").asText()).isEqualTo("llama3.1");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    }
}
