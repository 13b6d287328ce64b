package dev.blazen.camel.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.ToolError;
import dev.blazen.llm.extract.JsonSchemas;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.tool.Tool;
import dev.blazen.llm.tool.ToolOutput;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code blazen:tool:name?description=...&tags=...&parameter.city=string}: the route is a tool agents can call. The
 * arguments arrive as headers (one per argument) and as a JSON object body; what the route leaves in the body is the
 * result (text, or any object, sent to the model as JSON). A route failure goes back to the model as an error result.
 */
public class ToolConsumer extends DefaultConsumer implements Tool {

    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array", "null");

    private final BlazenEndpoint endpoint;
    private final ToolDefinition definition;
    private final List<String> tags;

    public ToolConsumer(BlazenEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        BlazenConfiguration configuration = endpoint.getConfiguration();
        String name = endpoint.getName();
        if (configuration.getDescription() == null || configuration.getDescription().isBlank()) {
            throw new IllegalArgumentException("blazen:tool:" + name + " needs a description: the model reads it to decide "
                    + "when to call the tool");
        }
        this.definition = new ToolDefinition(name, configuration.getDescription(), schema(name, configuration));
        this.tags = configuration.getTags() == null ? List.of()
                : Arrays.stream(configuration.getTags().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /** The arguments' JSON Schema: the inputSchema file, or one built from the parameter.* options. */
    static JsonNode schema(String tool, BlazenConfiguration configuration) {
        if (configuration.getInputSchema() != null && !configuration.getInputSchema().isBlank()) {
            return JsonSchemas.load(configuration.getInputSchema());
        }
        ObjectNode schema = HttpTransport.JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = HttpTransport.JSON.createArrayNode();
        Map<String, Object> options = configuration.getParameters() == null ? Map.of() : new TreeMap<>(configuration.getParameters());
        options.forEach((key, value) -> {
            if (key.contains(".")) {
                return;
            }
            String type = String.valueOf(value).strip().toLowerCase();
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("blazen:tool:" + tool + ": parameter." + key + "=" + value
                        + " is not a JSON Schema type; use one of " + new java.util.TreeSet<>(TYPES));
            }
            ObjectNode property = properties.putObject(key).put("type", type);
            Object description = options.get(key + ".description");
            if (description != null) {
                property.put("description", description.toString());
            }
            Object allowed = options.get(key + ".enum");
            if (allowed != null) {
                ArrayNode values = property.putArray("enum");
                Arrays.stream(allowed.toString().split(",")).map(String::strip).forEach(values::add);
            }
            if (Boolean.parseBoolean(String.valueOf(options.get(key + ".required")))) {
                required.add(key);
            }
        });
        options.keySet().stream().filter(k -> k.contains(".")).forEach(k -> {
            String parameter = k.substring(0, k.indexOf('.'));
            if (!options.containsKey(parameter)) {
                throw new IllegalArgumentException("blazen:tool:" + tool + ": parameter." + k + " describes a parameter "
                        + "without a type: add parameter." + parameter + "=<type>");
            }
        });
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        routeTools().add(this);
    }

    @Override
    protected void doStop() throws Exception {
        routeTools().remove(this);
        super.doStop();
    }

    private RouteTools routeTools() {
        return ((BlazenComponent) endpoint.getComponent()).getRouteTools();
    }

    List<String> tags() {
        return tags;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolOutput execute(JsonNode arguments) {
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setHeader(BlazenConstants.TOOL_NAME, definition.name());
            if (arguments != null && arguments.isObject()) {
                arguments.properties().forEach(e -> message.setHeader(e.getKey(),
                        e.getValue().isValueNode() ? HttpTransport.JSON.convertValue(e.getValue(), Object.class) : e.getValue().toString()));
            }
            message.setBody(arguments == null ? "{}" : arguments.toString());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw new ToolError(definition.name(), String.valueOf(exchange.getException().getMessage()));
            }
            Object result = exchange.getMessage().getBody();
            if (result instanceof java.io.InputStream || result instanceof byte[] || result instanceof org.apache.camel.StreamCache) {
                result = exchange.getMessage().getBody(String.class);
            }
            if (result instanceof CharSequence || result == null) {
                return ToolOutput.of(HttpTransport.JSON.getNodeFactory().textNode(result == null ? "" : result.toString()));
            }
            return ToolOutput.ofValue(result);
        } catch (ToolError e) {
            throw e;
        } catch (Exception e) {
            throw new ToolError(definition.name(), String.valueOf(e.getMessage()));
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
