package dev.blazen.camel.model;

import dev.blazen.llm.error.ValidationError;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** blazen:extract into a class or against a JSON Schema file. */
class ExtractEndpointTest extends CamelTestSupport {

    public record Sentiment(String label, double score) {
    }

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
                from("direct:sentiment").to("blazen:extract?model=#llm&outputClass=" + Sentiment.class.getName());
                from("direct:recipe").to("blazen:extract?model=#llm&jsonSchema=classpath:schemas/recipe.json");
            }
        };
    }

    @Test
    void extractsIntoAClass() {
        provider.answer = "Sure! ```json\n{\"label\":\"positive\",\"score\":0.9}\n```";
        Sentiment result = template.requestBody("direct:sentiment", "I love it", Sentiment.class);
        assertThat(result).isEqualTo(new Sentiment("positive", 0.9));
        var request = provider.requests.get(0);
        assertThat(request.responseFormat().path("properties").has("label")).isTrue();
    }

    @Test
    void extractsAgainstASchemaFileAsPlainJava() {
        provider.answer = "{\"title\":\"Cookies\",\"minutes\":25}";
        assertThat(template.requestBody("direct:recipe", "cookie recipe")).isEqualTo(Map.of("title", "Cookies", "minutes", 25));
    }

    @Test
    void anAnswerThatDoesNotFitNamesTheJsonPath() {
        provider.answer = "{\"title\":\"Cookies\",\"minutes\":0}";
        assertThatThrownBy(() -> template.requestBody("direct:recipe", "cookie recipe"))
                .cause().isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("$.minutes"));
        provider.answer = "no json here";
        assertThatThrownBy(() -> template.requestBody("direct:recipe", "cookie recipe"))
                .cause().isInstanceOf(ValidationError.class);
    }

    @Test
    void needsExactlyOneSchemaSource() {
        assertThatThrownBy(() -> template.requestBody("blazen:extract?model=#llm", "x"))
                .rootCause().hasMessageContaining("exactly one of outputClass and jsonSchema");
        assertThatThrownBy(() -> template.requestBody("blazen:extract?model=#llm&outputClass=no.such.Type", "x"))
                .rootCause().hasMessageContaining("no.such.Type");
    }
}
