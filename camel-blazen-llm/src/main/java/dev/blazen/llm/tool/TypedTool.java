package dev.blazen.llm.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.extract.JsonSchemas;
import dev.blazen.llm.http.HttpTransport;

import java.util.function.Function;

/**
 * A tool whose arguments are one Java type (its JSON Schema generated from the class) and whose handler returns any
 * serialisable value, or a {@link ToolOutput} to set what the model sees.
 */
public final class TypedTool<A, O> implements Tool {

    private final ToolDefinition definition;
    private final Class<A> argumentsType;
    private final Function<A, O> handler;

    private TypedTool(String name, String description, Class<A> argumentsType, Function<A, O> handler) {
        this.definition = new ToolDefinition(name, description, JsonSchemas.forClass(argumentsType));
        this.argumentsType = argumentsType;
        this.handler = handler;
    }

    public static <A, O> TypedTool<A, O> of(String name, String description, Class<A> argumentsType,
            Function<A, O> handler) {
        return new TypedTool<>(name, description, argumentsType, handler);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolOutput execute(JsonNode arguments) {
        A args;
        try {
            args = HttpTransport.JSON.treeToValue(arguments == null ? HttpTransport.JSON.createObjectNode() : arguments,
                    argumentsType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ValidationError("arguments", "arguments of '" + definition.name() + "' do not fit "
                    + argumentsType.getSimpleName());
        }
        return ToolOutput.ofValue(handler.apply(args));
    }
}
