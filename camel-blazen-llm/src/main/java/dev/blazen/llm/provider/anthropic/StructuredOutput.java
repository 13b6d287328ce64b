package dev.blazen.llm.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.error.CompletionError;

import static dev.blazen.llm.http.HttpTransport.JSON;

/**
 * Structured output by tool forcing: the response schema becomes the input schema of a tool the model must call, and
 * the tool's input is the answer. Tool input schemas must describe objects, so any other schema (an array, a string)
 * is wrapped as the single property {@value #WRAPPER_PROPERTY} and unwrapped from the answer.
 */
record StructuredOutput(ObjectNode inputSchema, boolean wrapped) {

    static final String TOOL_NAME = "structured_output";
    static final String TOOL_DESCRIPTION =
            "Give your final answer by calling this tool; its input schema is the required format of the answer.";
    static final String WRAPPER_PROPERTY = "value";

    /** The structured output for a response format, or null when the request has none. */
    static StructuredOutput of(JsonNode responseFormat) {
        if (responseFormat == null || responseFormat.isNull() || responseFormat.isMissingNode()) {
            return null;
        }
        if (responseFormat.isObject() && describesObject(responseFormat)) {
            return new StructuredOutput((ObjectNode) responseFormat, false);
        }
        ObjectNode wrapper = JSON.createObjectNode().put("type", "object");
        wrapper.putObject("properties").set(WRAPPER_PROPERTY, responseFormat);
        wrapper.putArray("required").add(WRAPPER_PROPERTY);
        return new StructuredOutput(wrapper, true);
    }

    private static boolean describesObject(JsonNode schema) {
        JsonNode type = schema.get("type");
        return type == null ? schema.has("properties") : "object".equals(type.asText());
    }

    /** The answer as JSON text, taken from the forced tool's input. */
    String answer(JsonNode toolInput) {
        if (!wrapped) {
            return toolInput.toString();
        }
        if (!toolInput.has(WRAPPER_PROPERTY)) {
            throw new CompletionError(CompletionError.Kind.INVALID_RESPONSE,
                    "the structured answer lacks its '" + WRAPPER_PROPERTY + "' property");
        }
        return toolInput.get(WRAPPER_PROPERTY).toString();
    }
}
