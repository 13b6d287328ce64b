package dev.blazen.camel.workflow;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest extends CamelTestSupport {

    record Greet(String name) {
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:greeter/parse?accepts=StartEvent")
                        .process(e -> e.getMessage().setBody(new Greet(e.getMessage().getBody(Map.class).get("name").toString())));
                from("blazen:step:greeter/greet?accepts=Greet")
                        .setBody(simple("{\"type\":\"StopEvent\",\"result\":\"Hello, ${body.name}!\"}"));
            }
        };
    }

    @Test
    void greets() {
        Object result = template.requestBody("blazen:workflow:greeter", Map.of("name", "Blazen"));
        assertThat(result).isEqualTo("Hello, Blazen!");
    }
}
