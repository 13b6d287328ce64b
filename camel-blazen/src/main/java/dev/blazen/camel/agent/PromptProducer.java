package dev.blazen.camel.agent;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.chat.Role;
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

    private PromptTemplate inline;

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String text = endpoint.getConfiguration().getTemplate();
        if (text != null && !text.isBlank()) {
            inline = new PromptTemplate(fromRouteSyntax(text), Role.USER, endpoint.getName());
        }
    }

    /**
     * Route-safe variables: [[name]] becomes {{name}} and \[[ a literal [[ (escaped for the template as \{{), since
     * Camel resolves {{...}} in a route as a property placeholder before the template is read.
     */
    static String fromRouteSyntax(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\[[", i)) {
                out.append("[[");
                i += 2;
            } else if (text.startsWith("[[", i)) {
                int end = text.indexOf("]]", i + 2);
                if (end < 0) {
                    throw new ValidationError("template", "[[ at position " + i + " is never closed with ]]");
                }
                out.append("{{").append(text, i + 2, end).append("}}");
                i = end + 1;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    @Override
    public void process(Exchange exchange) {
        if (inline != null) {
            exchange.getMessage().setBody(inline.renderText(values(exchange)));
            return;
        }
        PromptRegistry registry = ((BlazenComponent) endpoint.getComponent()).getPromptRegistry();
        if (registry == null) {
            throw new IllegalStateException("blazen:prompt needs prompts: set camel.component.blazen.prompts-location to a "
                    + "prompt file or directory, or bind a PromptRegistry bean");
        }
        String version = endpoint.getConfiguration().getVersion();
        PromptTemplate template = version == null || version.isBlank()
                ? registry.get(endpoint.getName()) : registry.get(endpoint.getName(), version);
        exchange.getMessage().setBody(template.renderText(values(exchange)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> values(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body != null && !(body instanceof Map<?, ?>)) {
            throw new ValidationError("body", "blazen:prompt renders with a Map of variables, got " + body.getClass().getName());
        }
        return body == null ? Map.of() : (Map<String, ?>) body;
    }
}
