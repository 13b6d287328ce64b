package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.error.ValidationError;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateProducerException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** blazen:complete, blazen:stream and blazen:embed over a provider bean, from Java and YAML routes. */
class ModelEndpointsTest extends CamelTestSupport {

    final ScriptedProvider provider = new ScriptedProvider();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("llm", provider);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to("blazen:complete?model=#llm&systemPrompt=Be terse.&temperature=0.2&maxTokens=64");
                from("direct:keep").to("blazen:complete?model=#llm&resultVariable=answer");
                from("direct:stream").to("blazen:stream?model=#llm&chunkUri=mock:chunks");
                from("direct:embed").to("blazen:embed?model=#llm");
                from("direct:iterate").to("blazen:stream?model=#llm")
                        .split(body()).streaming().to("mock:pieces").end()
                        .setBody(simple("${body.response().content()}"));
            }
        };
    }

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/model-endpoints.yaml"));
    }

    @Test
    void completeAppliesTheEndpointOptionsAndSetsHeaders() {
        Exchange exchange = template.request("direct:ask", e -> e.getMessage().setBody("Hello"));
        assertThat(exchange.getMessage().getBody()).isEqualTo("echo: Hello");
        assertThat(exchange.getMessage().getHeaders())
                .containsEntry(BlazenConstants.MODEL, "scripted-1")
                .containsEntry(BlazenConstants.FINISH_REASON, "stop")
                .containsEntry(BlazenConstants.INPUT_TOKEN_COUNT, 10L)
                .containsEntry(BlazenConstants.OUTPUT_TOKEN_COUNT, 3L)
                .containsEntry(BlazenConstants.TOTAL_TOKEN_COUNT, 13L)
                .containsEntry(BlazenConstants.COST, 0.25);
        var request = provider.requests.get(0);
        assertThat(request.messages()).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(request.messages().get(0).text()).isEqualTo("Be terse.");
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.maxTokens()).isEqualTo(64);
    }

    @Test
    void aConversationBodyAndAModelHeader() {
        Exchange exchange = template.request("direct:ask", e -> {
            e.getMessage().setBody(List.of(ChatMessage.system("Own prompt"), ChatMessage.user("Hi")));
            e.getMessage().setHeader(BlazenConstants.MODEL, "bigger-model");
        });
        assertThat(exchange.getMessage().getBody()).isEqualTo("echo: Hi");
        var request = provider.requests.get(0);
        assertThat(request.messages()).hasSize(2).first().extracting(ChatMessage::text).isEqualTo("Own prompt");
        assertThat(request.model()).isEqualTo("bigger-model");
    }

    @Test
    void resultVariableKeepsTheBody() {
        Exchange exchange = template.request("direct:keep", e -> e.getMessage().setBody("Question"));
        assertThat(exchange.getMessage().getBody()).isEqualTo("Question");
        assertThat(exchange.getVariable("answer")).isEqualTo("echo: Question");
    }

    @Test
    void streamSendsEachChunkThenTheWholeAnswer() throws Exception {
        MockEndpoint chunks = getMockEndpoint("mock:chunks");
        chunks.expectedBodiesReceived("ech", "o: ", "abc");
        chunks.expectedHeaderValuesReceivedInAnyOrder(BlazenConstants.CHUNK_INDEX, 0, 1, 2);
        Exchange exchange = template.request("direct:stream", e -> e.getMessage().setBody("abc"));
        assertThat(exchange.getMessage().getBody()).isEqualTo("echo: abc");
        assertThat(exchange.getMessage().getHeader(BlazenConstants.FINISH_REASON)).isEqualTo("stop");
        chunks.assertIsSatisfied();
    }

    @Test
    void streamWithoutAChunkRouteGivesAnIteratorThenTheWholeAnswer() throws Exception {
        getMockEndpoint("mock:pieces").expectedBodiesReceived("ech", "o: ", "it");
        assertThat(template.requestBody("direct:iterate", "it")).isEqualTo("echo: it");
        getMockEndpoint("mock:pieces").assertIsSatisfied();
    }

    @Test
    void aFailedStreamFailsTheIteratingRoute() {
        assertThatThrownBy(() -> template.requestBody("direct:iterate", "fail now"))
                .hasRootCauseInstanceOf(dev.blazen.llm.error.ProviderError.class);
    }

    @Test
    void embedOneTextOrMany() {
        float[] one = template.requestBody("direct:embed", "four", float[].class);
        assertThat(one).containsExactly(4f, 1f);
        @SuppressWarnings("unchecked")
        List<float[]> many = template.requestBody("direct:embed", List.of("a", "bb"), List.class);
        assertThat(many).hasSize(2);
        assertThat(many.get(1)).containsExactly(2f, 1f);
    }

    @Test
    void localModelStringsReachALocalModelFactory() {
        // the llm test jar registers a LocalModelFactory knowing "letters"; camel-blazen-inference registers the ONNX models
        assertThat(template.requestBody("blazen:embed?model=local:letters", "banana", float[].class)).containsExactly(6f, 3f);
    }

    @Test
    void yamlRoutesUseEveryModelEndpoint() throws Exception {
        assertThat(template.requestBody("direct:yaml-complete", "from yaml")).isEqualTo("echo: from yaml");
        getMockEndpoint("mock:yaml-chunks").expectedMinimumMessageCount(2);
        assertThat(template.requestBody("direct:yaml-stream", "streamed")).isEqualTo("echo: streamed");
        getMockEndpoint("mock:yaml-chunks").assertIsSatisfied();
        assertThat(template.requestBody("direct:yaml-embed", "abc", float[].class)).containsExactly(3f, 1f);
        assertThat(provider.requests.get(0).messages().get(0).text()).isEqualTo("You are a YAML route.");
        assertThat(template.requestBody("direct:yaml-batch", List.of("a", "b", "fail c"))).isEqualTo(2);
        provider.answer = "{\"title\":\"Soup\",\"minutes\":10}";
        assertThat(template.requestBody("direct:yaml-extract", "soup")).isEqualTo(java.util.Map.of("title", "Soup", "minutes", 10));
    }

    @Test
    void badInputIsATypedError() {
        assertThatThrownBy(() -> template.requestBody("direct:ask", "  "))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("the prompt is empty");
        assertThatThrownBy(() -> template.requestBody("direct:ask", List.of("not a message")))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("ChatMessage");
        assertThatThrownBy(() -> template.requestBody("direct:embed", List.of("ok", "")))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("body[1]");
        assertThatThrownBy(() -> template.requestBody("blazen:complete?model=#missing", "x"))
                .rootCause().hasMessageContaining("missing");
        assertThatThrownBy(() -> context.getEndpoint("blazen:complete"))
                .rootCause().hasMessageContaining("needs a model");
    }

    @Test
    void theApiKeyNeverShowsInTheEndpoint() {
        var endpoint = context.getEndpoint("blazen:complete?model=#llm&apiKey=sk-super-secret-123");
        // the URI is the endpoint's identity; what Camel logs and shows is the sanitized form
        assertThat(endpoint.toString()).doesNotContain("sk-super-secret-123");
        assertThat(org.apache.camel.util.URISupport.sanitizeUri(endpoint.getEndpointUri())).doesNotContain("sk-super-secret-123");
        assertThat(endpoint.getEndpointBaseUri()).doesNotContain("sk-super-secret-123");
    }
}
