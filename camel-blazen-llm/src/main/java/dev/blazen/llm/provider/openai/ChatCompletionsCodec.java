package dev.blazen.llm.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ContentPolicyError;
import dev.blazen.llm.error.MediaError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.HttpTransport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The OpenAI chat-completions and embeddings wire format, shared by OpenAI, Azure OpenAI and every compatible server:
 * requests written and answers read as the OpenAI API reference documents them.
 */
final class ChatCompletionsCodec {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String provider;
    private final MaxTokensField maxTokensField;
    private final boolean streamUsage;

    ChatCompletionsCodec(String provider, MaxTokensField maxTokensField, boolean streamUsage) {
        this.provider = provider;
        this.maxTokensField = maxTokensField;
        this.streamUsage = streamUsage;
    }

    String provider() {
        return provider;
    }

    // ---------------------------------------------------------------- requests

    ObjectNode chatRequest(CompletionRequest request, String model, boolean stream) {
        ObjectNode body = HttpTransport.JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        // a tool message carries only text; the images and files of tool results follow in one user message once the
        // tool messages answering a turn are complete, since the API wants them right after the assistant's calls
        List<ContentPart> toolMedia = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message.role() != Role.TOOL && !toolMedia.isEmpty()) {
                messages.add(message(ChatMessage.userParts(toolMedia)));
                toolMedia.clear();
            }
            messages.add(message(message));
            if (message.role() == Role.TOOL && message.toolResult() == null) {
                message.content().stream().filter(part -> !(part instanceof ContentPart.Text)).forEach(toolMedia::add);
            }
        }
        if (!toolMedia.isEmpty()) {
            messages.add(message(ChatMessage.userParts(toolMedia)));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                tools.add(tool(tool));
            }
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            body.put(maxTokensField.wireName(), request.maxTokens());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (request.responseFormat() != null) {
            body.set("response_format", responseFormat(request.responseFormat()));
        }
        if (stream) {
            body.put("stream", true);
            if (streamUsage) {
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        return body;
    }

    private ObjectNode message(ChatMessage message) {
        ObjectNode node = HttpTransport.JSON.createObjectNode();
        node.put("role", message.role().wireName());
        switch (message.role()) {
            case SYSTEM -> node.put("content", message.text());
            case USER -> {
                if (message.isTextOnly()) {
                    node.put("content", message.text());
                } else {
                    ArrayNode parts = node.putArray("content");
                    message.content().forEach(part -> parts.add(part(part)));
                }
            }
            case ASSISTANT -> {
                String text = message.text();
                if (message.toolCalls().isEmpty()) {
                    node.put("content", text);
                } else {
                    // the reference allows null content when tool_calls are present
                    if (text.isEmpty()) {
                        node.putNull("content");
                    } else {
                        node.put("content", text);
                    }
                    ArrayNode calls = node.putArray("tool_calls");
                    message.toolCalls().forEach(call -> calls.add(toolCall(call)));
                }
            }
            case TOOL -> {
                if (message.toolCallId() == null || message.toolCallId().isBlank()) {
                    throw new ValidationError("messages[].toolCallId", "a tool message needs the id of the call it answers");
                }
                node.put("tool_call_id", message.toolCallId());
                node.put("content", message.toolResultText());
            }
        }
        return node;
    }

    private static ObjectNode toolCall(ToolCall call) {
        ObjectNode node = HttpTransport.JSON.createObjectNode();
        node.put("id", call.id());
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", call.name());
        // the wire carries arguments as a JSON string
        function.put("arguments", call.arguments() == null ? "{}" : call.arguments().toString());
        return node;
    }

    private ObjectNode part(ContentPart part) {
        ObjectNode node = HttpTransport.JSON.createObjectNode();
        if (part instanceof ContentPart.Text text) {
            node.put("type", "text").put("text", text.text());
        } else if (part instanceof ContentPart.Image image) {
            node.put("type", "image_url");
            node.putObject("image_url").put("url", imageUrl(image));
        } else if (part instanceof ContentPart.File file) {
            node.put("type", "file");
            file(file, node.putObject("file"));
        }
        return node;
    }

    private String imageUrl(ContentPart.Image image) {
        MediaSource source = image.source();
        if (source instanceof MediaSource.Url url) {
            return url.url();
        }
        if (source instanceof MediaSource.Base64 base64) {
            return dataUrl(requireMediaType(image.mediaType(), "image"), base64.data());
        }
        if (source instanceof MediaSource.File file) {
            String mediaType = image.mediaType() != null ? image.mediaType() : probe(file.path());
            return dataUrl(requireMediaType(mediaType, "image"), read(file.path()));
        }
        throw new UnsupportedError(provider + " chat completions take images as URLs or inline data, not as uploaded file ids");
    }

    private void file(ContentPart.File file, ObjectNode node) {
        MediaSource source = file.source();
        if (source instanceof MediaSource.ProviderFile uploaded) {
            if (!provider.equalsIgnoreCase(uploaded.provider())) {
                throw new UnsupportedError("file '" + uploaded.id() + "' was uploaded to " + uploaded.provider()
                        + " and cannot be used with " + provider);
            }
            node.put("file_id", uploaded.id());
        } else if (source instanceof MediaSource.Base64 base64) {
            node.put("filename", file.filename() == null ? "file" : file.filename());
            node.put("file_data", dataUrl(requireMediaType(file.mediaType(), "file"), base64.data()));
        } else if (source instanceof MediaSource.File local) {
            String mediaType = file.mediaType() != null ? file.mediaType() : probe(local.path());
            node.put("filename", file.filename() != null ? file.filename() : String.valueOf(local.path().getFileName()));
            node.put("file_data", dataUrl(requireMediaType(mediaType, "file"), read(local.path())));
        } else {
            throw new UnsupportedError(provider + " chat completions take files as inline data or uploaded file ids, not as URLs");
        }
    }

    private static String dataUrl(String mediaType, String base64) {
        return "data:" + mediaType + ";base64," + base64;
    }

    private static String requireMediaType(String mediaType, String what) {
        if (mediaType == null || mediaType.isBlank()) {
            throw new ValidationError("mediaType", "inline " + what + " data needs a media type");
        }
        return mediaType;
    }

    private static String read(Path path) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new MediaError(MediaError.Kind.INVALID, "cannot read " + path + ": " + e.getMessage());
        }
    }

    private static String probe(Path path) {
        try {
            return Files.probeContentType(path);
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode tool(ToolDefinition tool) {
        ObjectNode node = HttpTransport.JSON.createObjectNode();
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null) {
            function.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            function.set("parameters", tool.parameters());
        } else {
            function.putObject("parameters").put("type", "object").putObject("properties");
        }
        return node;
    }

    /**
     * A bare JSON Schema becomes {@code {"type":"json_schema","json_schema":{name, schema, strict}}}; a value that
     * already is a response_format (has "type") or a json_schema object (has "schema") is used as given. Strict mode is
     * asked for only when the schema meets its rules (closed objects, every property required), since OpenAI rejects
     * strict requests with other schemas.
     */
    static JsonNode responseFormat(JsonNode format) {
        if (format.path("type").asText().equals("json_schema") || format.path("type").asText().equals("json_object")
                || format.path("type").asText().equals("text")) {
            return format;
        }
        ObjectNode node = HttpTransport.JSON.createObjectNode();
        node.put("type", "json_schema");
        if (format.has("schema") && format.path("schema").isObject()) {
            node.set("json_schema", format);
            return node;
        }
        ObjectNode jsonSchema = node.putObject("json_schema");
        String title = format.path("title").asText("");
        jsonSchema.put("name", SCHEMA_NAME.matcher(title).matches() ? title : "response");
        jsonSchema.set("schema", format);
        jsonSchema.put("strict", isStrictCompatible(format));
        return node;
    }

    static boolean isStrictCompatible(JsonNode schema) {
        if (schema.isArray()) {
            for (JsonNode item : schema) {
                if (!isStrictCompatible(item)) {
                    return false;
                }
            }
            return true;
        }
        if (!schema.isObject()) {
            return true;
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
                return false;
            }
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                if (!required.contains(names.next())) {
                    return false;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext(); ) {
            JsonNode value = fields.next().getValue();
            if ((value.isObject() || value.isArray()) && !isStrictCompatible(value)) {
                return false;
            }
        }
        return true;
    }

    ObjectNode embeddingsRequest(String model, List<String> texts) {
        ObjectNode body = HttpTransport.JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        return body;
    }

    // ---------------------------------------------------------------- responses

    CompletionResponse completion(JsonNode body, String requestedModel, long startNanos) {
        failOnErrorBody(body);
        JsonNode choices = body.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new CompletionError(CompletionError.Kind.INVALID_RESPONSE, provider + " answered without choices");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        String content = message.path("content").isTextual() ? message.path("content").asText() : null;
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            String name = function.path("name").asText(null);
            toolCalls.add(new ToolCall(call.path("id").asText(null), name, arguments(name, function.get("arguments"))));
        }
        String finishReason = choice.path("finish_reason").asText(null);
        if ("content_filter".equals(finishReason) && content == null && toolCalls.isEmpty()) {
            throw new ContentPolicyError(provider + " filtered the answer (finish_reason content_filter)");
        }
        ObjectNode metadata = metadata(body);
        if (message.path("refusal").isTextual()) {
            metadata.put("refusal", message.path("refusal").asText());
        }
        String model = body.path("model").asText(requestedModel);
        return new CompletionResponse(content, toolCalls, usage(body.get("usage")), model, finishReason, null,
                RequestTiming.total(elapsedMs(startNanos)), metadata);
    }

    ObjectNode metadata(JsonNode body) {
        ObjectNode metadata = HttpTransport.JSON.createObjectNode();
        metadata.put("provider", provider);
        if (body.path("id").isTextual()) {
            metadata.put("id", body.path("id").asText());
        }
        if (body.path("citations").isArray()) {
            // Perplexity's sources
            metadata.set("citations", body.path("citations"));
        }
        if (body.path("system_fingerprint").isTextual()) {
            metadata.put("system_fingerprint", body.path("system_fingerprint").asText());
        }
        return metadata;
    }

    /** A tool call's arguments: the documented JSON string, or an object some servers send as is. */
    JsonNode arguments(String tool, JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return HttpTransport.JSON.createObjectNode();
        }
        if (arguments.isObject()) {
            return arguments;
        }
        return parseArguments(tool, arguments.asText());
    }

    JsonNode parseArguments(String tool, String text) {
        if (text == null || text.isBlank()) {
            return HttpTransport.JSON.createObjectNode();
        }
        try {
            JsonNode parsed = HttpTransport.JSON.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new CompletionError(CompletionError.Kind.INVALID_RESPONSE,
                provider + " sent arguments for tool '" + tool + "' that are not a JSON object: " + abbreviate(text));
    }

    static TokenUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long total = usage.has("total_tokens") ? usage.path("total_tokens").asLong() : prompt + completion;
        return new TokenUsage(prompt, completion, total);
    }

    EmbeddingResponse embeddings(JsonNode body, List<String> texts, String requestedModel, long startNanos) {
        failOnErrorBody(body);
        JsonNode data = body.path("data");
        if (!data.isArray() || data.size() != texts.size()) {
            throw new CompletionError(CompletionError.Kind.INVALID_RESPONSE, provider + " returned "
                    + (data.isArray() ? data.size() : 0) + " embeddings for " + texts.size() + " inputs");
        }
        float[][] vectors = new float[texts.size()][];
        int position = 0;
        for (JsonNode item : data) {
            int index = item.has("index") ? item.path("index").asInt() : position;
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= vectors.length || vectors[index] != null || !embedding.isArray()) {
                throw new CompletionError(CompletionError.Kind.INVALID_RESPONSE,
                        provider + " returned an embedding with a missing or repeated index " + index);
            }
            float[] vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) embedding.get(i).asDouble();
            }
            vectors[index] = vector;
            position++;
        }
        JsonNode usageNode = body.get("usage");
        TokenUsage usage = usageNode == null || !usageNode.isObject() ? null
                : new TokenUsage(usageNode.path("prompt_tokens").asLong(0), 0,
                        usageNode.path("total_tokens").asLong(usageNode.path("prompt_tokens").asLong(0)));
        return new EmbeddingResponse(List.of(vectors), body.path("model").asText(requestedModel), usage, null,
                RequestTiming.total(elapsedMs(startNanos)), metadata(body));
    }

    /** Some servers answer 200 with an {"error":{...}} body; streams carry errors the same way. */
    void failOnErrorBody(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            throw errorFor(error);
        }
    }

    BlazenError errorFor(JsonNode error) {
        String message = error.isTextual() ? error.asText() : error.path("message").asText(abbreviate(error.toString()));
        String kind = (error.path("code").asText("") + " " + error.path("type").asText("")).toLowerCase();
        if (kind.contains("rate_limit") || kind.contains("insufficient_quota")) {
            return new RateLimitError(provider + ": " + message, null);
        }
        if (kind.contains("invalid_api_key") || kind.contains("authentication")) {
            return new AuthError(provider + ": " + message);
        }
        if (kind.contains("content_filter") || kind.contains("content_policy")) {
            return new ContentPolicyError(provider + ": " + message);
        }
        return new ProviderError(provider, message, null);
    }

    static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
