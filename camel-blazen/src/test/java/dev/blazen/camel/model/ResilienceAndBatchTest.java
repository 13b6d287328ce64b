package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.batch.BatchItem;
import dev.blazen.llm.batch.BatchResult;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.WireServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** blazen:batch, and the retry, fallback and cache options of the model endpoints. */
class ResilienceAndBatchTest extends CamelTestSupport {

    static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1000000,\"completion_tokens\":1000000,\"total_tokens\":2000000}}";

    final ScriptedProvider scripted = new ScriptedProvider();
    final WireServer server = new WireServer();

    ResilienceAndBatchTest() throws Exception {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("llm", scripted);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String remote = "model=openai:gpt-4o-mini&apiKey=RAW(sk-test-000000001)&baseUrl=" + server.baseUrl() + "/v1";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:batch").to("blazen:batch?model=#llm&concurrency=2");
                from("direct:retry").toD("blazen:complete?" + remote + "&maxRetries=2");
                from("direct:fallback").toD("blazen:complete?" + remote + "&fallbackModels=%23llm");
                from("direct:cached").to("blazen:complete?model=#llm&cache=true");
            }
        };
    }

    @Test
    void batchKeepsOrderAndReportsPartialFailures() {
        Exchange exchange = template.request("direct:batch", e -> e.getMessage().setBody(List.of("one", "fail two", "three")));
        BatchResult result = exchange.getMessage().getBody(BatchResult.class);
        assertThat(result.items()).extracting(BatchItem::index).containsExactly(0, 1, 2);
        assertThat(result.items().get(0).response().content()).isEqualTo("echo: one");
        assertThat(result.items().get(1).error()).isInstanceOf(ProviderError.class).hasMessageContaining("fail two");
        assertThat(result.items().get(2).response().content()).isEqualTo("echo: three");
        assertThat(result.succeeded()).isEqualTo(2);
        assertThat(exchange.getMessage().getHeader(BlazenConstants.BATCH_FAILED)).isEqualTo(1);
        assertThat(exchange.getMessage().getHeader(BlazenConstants.TOTAL_TOKEN_COUNT)).isEqualTo(26L);
    }

    @Test
    void batchNeedsAList() {
        assertThatThrownBy(() -> template.requestBody("direct:batch", "not a list"))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("non-empty List");
        assertThatThrownBy(() -> template.requestBody("direct:batch", List.of("ok", 42)))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("body[1]");
    }

    @Test
    void retriesAServerErrorAndPricesTheAnswer() {
        server.reply(WireServer.Reply.error(500, "{\"error\":{\"message\":\"upstream hiccup\"}}", Map.of()));
        server.reply(WireServer.Reply.json(ANSWER));
        Exchange exchange = template.request("direct:retry", e -> e.getMessage().setBody("hi"));
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody()).isEqualTo("ok");
        assertThat(server.requests()).hasSize(2);
        // gpt-4o-mini's seeded price: a million tokens each way costs its input plus output price
        assertThat(exchange.getMessage().getHeader(BlazenConstants.COST, Double.class)).isPositive();
    }

    @Test
    void fallsBackOnAnErrorThatMayPass() {
        server.reply(WireServer.Reply.error(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()));
        assertThat(template.requestBody("direct:fallback", "hi")).isEqualTo("echo: hi");
        server.reply(WireServer.Reply.error(401, "{\"error\":{\"message\":\"bad key\"}}", Map.of()));
        assertThatThrownBy(() -> template.requestBody("direct:fallback", "hi"))
                .cause().isInstanceOf(dev.blazen.llm.error.AuthError.class);
    }

    @Test
    void cacheAnswersIdenticalRequestsOnce() {
        assertThat(template.requestBody("direct:cached", "same")).isEqualTo("echo: same");
        assertThat(template.requestBody("direct:cached", "same")).isEqualTo("echo: same");
        assertThat(template.requestBody("direct:cached", "other")).isEqualTo("echo: other");
        assertThat(scripted.requests).hasSize(2);
    }
}
