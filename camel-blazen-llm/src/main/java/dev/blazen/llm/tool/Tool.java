package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ToolDefinition;

import java.util.function.Function;

/** A callable tool the model may invoke during an agent run. */
public interface Tool {

    ToolDefinition definition();

    /** Runs the tool with the model's arguments (a JSON object); exceptions go back to the model as error results. */
    ToolOutput execute(JsonNode arguments);

    default String name() {
        return definition().name();
    }

    /** A tool from a definition and a handler. */
    static Tool of(ToolDefinition definition, Function<JsonNode, ToolOutput> handler) {
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return definition;
            }

            @Override
            public ToolOutput execute(JsonNode arguments) {
                return handler.apply(arguments);
            }
        };
    }
}
