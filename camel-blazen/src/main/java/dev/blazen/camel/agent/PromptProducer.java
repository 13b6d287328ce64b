package dev.blazen.camel.agent;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.prompt.PromptRegistry;
import dev.blazen.llm.prompt.PromptTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.util.Map;

/**
 * {@code blazen:prompt:name}: renders a registered prompt template with the body (a Map) as its variables; the
 * result is the rendered text. The template comes from the component's prompt registry ({@code promptsLocation} or a
 * {@code PromptRegistry} bean), the latest version unless {@code version} pins one. A missing variable fails with a
 * ValidationError naming every missing one.
 */
public class PromptProducer extends DefaultProducer {

    private final BlazenEndpoint endpoint;

    public PromptProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        PromptRegistry registry = ((BlazenComponent) endpoint.getComponent()).getPromptRegistry();
        if (registry == null) {
            throw new IllegalStateException("blazen:prompt needs prompts: set camel.component.blazen.prompts-location to a "
                    + "prompt file or directory, or bind a PromptRegistry bean");
        }
        Object body = exchange.getMessage().getBody();
        if (body != null && !(body instanceof Map<?, ?>)) {
            throw new ValidationError("body", "blazen:prompt renders with a Map of variables, got " + body.getClass().getName());
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> values = body == null ? Map.of() : (Map<String, ?>) body;
        String version = endpoint.getConfiguration().getVersion();
        PromptTemplate template = version == null || version.isBlank()
                ? registry.get(endpoint.getName()) : registry.get(endpoint.getName(), version);
        exchange.getMessage().setBody(template.renderText(values));
    }
}
