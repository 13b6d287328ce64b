package dev.blazen.camel.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.llm.agent.AgentEvent;
import dev.blazen.llm.agent.ToolExecution;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.WireServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * blazen:agent with blazen:tool routes, against a local server speaking the OpenAI wire format; the YAML version uses
 * no Java at all. Also conversation memory and blazen:prompt.
 */
class AgentRoutesTest extends CamelTestSupport {

    final WireServer server = new WireServer();

    AgentRoutesTest() throws Exception {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static String toolCallTurn(String id, String tool, String argumentsJson) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"" + tool + "\",\"arguments\":" + JsonText.quote(argumentsJson) + "}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25}}";
    }

    static String answerTurn(String text) {
        return "{\"id\":\"c2\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + JsonText.quote(text) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":8,\"total_tokens\":38}}";
    }

    /** JSON string quoting for the scripted answers. */
    static final class JsonText {
        static String quote(String text) {
            return dev.blazen.llm.http.HttpTransport.JSON.getNodeFactory().textNode(text).toString();
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getComponent("blazen", BlazenComponent.class).setPromptsLocation("src/test/resources/prompts");
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String model = "model=openai:gpt-4o-mini&apiKey=RAW(sk-agent-test-0001)&baseUrl=" + server.baseUrl() + "/v1";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:tool:weather?description=Current weather of a city&tags=weather"
                        + "&parameter.city=string&parameter.city.description=The city&parameter.city.required=true")
                        .setBody(simple("sunny, 21C in ${header.city}"));
                from("blazen:tool:stock?description=Stock level of a product&tags=shop&parameter.sku=string")
                        .throwException(new IllegalStateException("inventory database unreachable"));
                from("direct:weather-agent").toD("blazen:agent?" + model + "&tags=weather");
                from("direct:shop-agent").toD("blazen:agent?" + model + "&tags=shop");
                from("direct:chat").toD("blazen:complete?" + model);
                from("direct:prompt").to("blazen:prompt:support-answer");
                from("direct:prompt-v1").to("blazen:prompt:support-answer?version=1");
                from("blazen:step:assist/ask?accepts=StartEvent").toD("blazen:agent?" + model + "&tags=weather")
                        .setBody(simple("{\"type\":\"StopEvent\",\"result\":\"${body}\"}"));
            }
        };
    }

    @Test
    void routeToolsAnswerTheAgentsQuestion() {
        server.reply(WireServer.Reply.json(toolCallTurn("call_1", "weather", "{\"city\":\"Paris\"}")));
        server.reply(WireServer.Reply.json(answerTurn("It is sunny and 21C in Paris.")));
        Exchange exchange = template.request("direct:weather-agent", e -> e.getMessage().setBody("Weather in Paris?"));
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody()).isEqualTo("It is sunny and 21C in Paris.");
        assertThat(exchange.getMessage().getHeader(BlazenConstants.ITERATIONS)).as("tool-call rounds, as page 47 counts").isEqualTo(1);
        assertThat(exchange.getMessage().getHeader(BlazenConstants.TOTAL_TOKEN_COUNT)).isEqualTo(63L);
        @SuppressWarnings("unchecked")
        List<ToolExecution> executions = exchange.getMessage().getHeader(BlazenConstants.TOOL_EXECUTIONS, List.class);
        assertThat(executions).singleElement().satisfies(e -> {
            assertThat(e.call().name()).isEqualTo("weather");
            assertThat(e.failed()).isFalse();
        });

        List<WireServer.Recorded> requests = server.requests();
        JsonNode tool = requests.get(0).json().path("tools").get(0).path("function");
        assertThat(tool.path("name").asText()).isEqualTo("weather");
        assertThat(tool.path("description").asText()).isEqualTo("Current weather of a city");
        assertThat(tool.path("parameters").path("properties").path("city").path("type").asText()).isEqualTo("string");
        assertThat(tool.path("parameters").path("required").get(0).asText()).isEqualTo("city");
        assertThat(requests.get(0).json().path("tools")).hasSize(1); // the shop-tagged tool is not offered
        JsonNode toolMessage = requests.get(1).json().path("messages").get(2);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(toolMessage.path("content").asText()).isEqualTo("sunny, 21C in Paris");
    }

    @Test
    void aFailingToolRouteGoesBackToTheModelAsAnErrorResult() {
        server.reply(WireServer.Reply.json(toolCallTurn("call_9", "stock", "{\"sku\":\"A-1\"}")));
        server.reply(WireServer.Reply.json(answerTurn("Sorry, stock levels are unavailable right now.")));
        assertThat(template.requestBody("direct:shop-agent", "Is A-1 in stock?"))
                .isEqualTo("Sorry, stock levels are unavailable right now.");
        String toolResult = server.requests().get(1).json().path("messages").get(2).path("content").asText();
        assertThat(toolResult).contains("inventory database unreachable").doesNotContain("at org.apache");
    }

    @Test
    void yamlRoutesAloneBuildAnAgentWithRouteTools() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("agent.yaml", """
                - route:
                    from:
                      uri: blazen:tool:opening-hours
                      parameters:
                        description: Opening hours of a shop
                        tags: hours
                        parameter.shop: string
                        parameter.shop.required: true
                      steps:
                        - setBody:
                            simple: "${header.shop} is open 9-17"
                - route:
                    from:
                      uri: direct:yaml-agent
                      steps:
                        - to:
                            uri: blazen:agent
                            parameters:
                              model: openai:gpt-4o-mini
                              apiKey: sk-agent-test-0001
                              baseUrl: %s/v1
                              tags: hours
                              maxIterations: 3
                """.formatted(server.baseUrl())));
        server.reply(WireServer.Reply.json(toolCallTurn("call_h", "opening-hours", "{\"shop\":\"Bakery\"}")));
        server.reply(WireServer.Reply.json(answerTurn("The bakery is open from 9 to 17.")));
        assertThat(template.requestBody("direct:yaml-agent", "When is the bakery open?")).isEqualTo("The bakery is open from 9 to 17.");
        assertThat(server.requests().get(1).json().path("messages").get(2).path("content").asText()).isEqualTo("Bakery is open 9-17");
    }

    @Test
    void anAgentInAWorkflowStepStreamsItsEvents() throws Exception {
        server.reply(WireServer.Reply.json(toolCallTurn("call_2", "weather", "{\"city\":\"Oslo\"}")));
        server.reply(WireServer.Reply.json(answerTurn("Sunny in Oslo.")));
        WorkflowHandler handler = BlazenComponent.engine(context).start("assist", "Weather in Oslo?",
                RunOptions.defaults().withStreamEvents(true).withLifecycleEvents(false));
        List<Object> events = handler.streamEvents().toList();
        assertThat(handler.await()).isEqualTo("Sunny in Oslo.");
        assertThat(events).hasAtLeastOneElementOfType(AgentEvent.ToolCalled.class)
                .hasAtLeastOneElementOfType(AgentEvent.ToolResult.class)
                .hasAtLeastOneElementOfType(AgentEvent.IterationComplete.class);
    }

    @Test
    void aMemoryIdCarriesTheConversationAcrossExchanges() {
        server.reply(WireServer.Reply.json(answerTurn("Nice to meet you, Ada.")));
        server.reply(WireServer.Reply.json(answerTurn("Your name is Ada.")));
        template.requestBodyAndHeader("direct:chat", "My name is Ada.", BlazenConstants.MEMORY_ID, "conv-1");
        assertThat(template.requestBodyAndHeader("direct:chat", "What is my name?", BlazenConstants.MEMORY_ID, "conv-1"))
                .isEqualTo("Your name is Ada.");
        JsonNode messages = server.requests().get(1).json().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("content").asText()).isEqualTo("My name is Ada.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Nice to meet you, Ada.");
    }

    @Test
    void promptsRenderFromTheRegistry() {
        Map<String, Object> values = Map.of("customer", "Ada", "product", "the kettle");
        assertThat(template.requestBody("direct:prompt", values, String.class))
                .isEqualTo("Answer Ada's question about the kettle politely, in one sentence.\n");
        assertThat(template.requestBody("direct:prompt-v1", values, String.class))
                .isEqualTo("Answer Ada's question about the kettle in one sentence.\n");
        assertThatThrownBy(() -> template.requestBody("direct:prompt", Map.of("customer", "Ada")))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("product");
    }

    @Test
    void inlineTemplatesInYamlUseTheRouteSafeSyntax() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("prompt.yaml", """
                - route:
                    from:
                      uri: direct:inline-prompt
                      steps:
                        - to:
                            uri: blazen:prompt:greeting
                            parameters:
                              template: "Hello [[name]], welcome to [[place]]. Literal: \\\\[[kept]]"
                """));
        assertThat(template.requestBody("direct:inline-prompt", Map.of("name", "Ada", "place", "Camel")))
                .isEqualTo("Hello Ada, welcome to Camel. Literal: [[kept]]");
        assertThatThrownBy(() -> template.requestBody("direct:inline-prompt", Map.of("name", "Ada")))
                .cause().isInstanceOf(ValidationError.class).hasMessageContaining("place");
    }

    @Test
    void toolRoutesNeedADescriptionAndTypedParameters() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:tool:nodesc").log("x");
            }
        })).rootCause().hasMessageContaining("needs a description");
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:tool:badtype?description=d&parameter.x=text").log("x");
            }
        })).rootCause().hasMessageContaining("not a JSON Schema type");
    }
}
