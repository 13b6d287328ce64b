package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.MediaError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.HttpTransport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Writes a {@link CompletionRequest} as a Gemini {@code GenerateContentRequest}. */
final class GeminiRequests {

    private GeminiRequests() {
    }

    /**
     * @param signatures the thought signature Gemini attached to a function call, by the call's id, or null; thinking
     *                   models (Gemini 3 strictly) need it back on the same part
     */
    static ObjectNode generateContent(CompletionRequest request, Function<String, String> signatures) {
        ObjectNode body = HttpTransport.JSON.createObjectNode();
        List<String> system = new ArrayList<>();
        ArrayNode contents = body.putArray("contents");
        Map<String, String> toolNamesById = new HashMap<>();
        ObjectNode toolTurn = null;
        // images and files of tool results follow the functionResponse turn in a user turn of their own
        ArrayNode toolMedia = HttpTransport.JSON.createArrayNode();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage message = request.messages().get(i);
            String field = "messages[" + i + "]";
            if (message.role() != Role.TOOL && !toolMedia.isEmpty()) {
                contents.add(content("user", toolMedia));
                toolMedia = HttpTransport.JSON.createArrayNode();
            }
            switch (message.role()) {
                case SYSTEM -> system.add(message.text());
                case USER -> {
                    contents.add(content("user", userParts(message, field)));
                    toolTurn = null;
                }
                case ASSISTANT -> {
                    contents.add(content("model", modelParts(message, toolNamesById, signatures)));
                    toolTurn = null;
                }
                case TOOL -> {
                    // the answers to one turn's parallel calls go back together, in one user turn
                    if (toolTurn == null) {
                        toolTurn = content("user", HttpTransport.JSON.createArrayNode());
                        contents.add(toolTurn);
                    }
                    ((ArrayNode) toolTurn.get("parts")).add(functionResponse(message, toolNamesById, field));
                    if (message.toolResult() == null) {
                        toolMedia.addAll(mediaParts(message, field));
                    }
                }
            }
        }
        if (!toolMedia.isEmpty()) {
            contents.add(content("user", toolMedia));
        }
        if (contents.isEmpty()) {
            throw new ValidationError("messages", "Gemini needs at least one user message");
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", String.join("\n\n", system));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode declaration = declarations.addObject().put("name", tool.name());
                if (tool.description() != null) {
                    declaration.put("description", tool.description());
                }
                if (tool.parameters() != null && !tool.parameters().isNull()) {
                    // the JSON Schema form; "parameters" only takes Google's OpenAPI subset
                    declaration.set("parametersJsonSchema", GeminiSchemas.sanitize(tool.parameters()));
                }
            }
        }
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    private static ObjectNode generationConfig(CompletionRequest request) {
        ObjectNode config = HttpTransport.JSON.createObjectNode();
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            config.put("topP", request.topP());
        }
        if (request.maxTokens() != null) {
            config.put("maxOutputTokens", request.maxTokens());
        }
        if (request.responseFormat() != null && !request.responseFormat().isNull()) {
            // responseJsonSchema takes JSON Schema as callers write it; responseSchema only the OpenAPI subset
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", GeminiSchemas.sanitize(request.responseFormat()));
        }
        return config;
    }

    private static ObjectNode content(String role, ArrayNode parts) {
        ObjectNode content = HttpTransport.JSON.createObjectNode().put("role", role);
        content.set("parts", parts);
        return content;
    }

    private static ArrayNode userParts(ChatMessage message, String field) {
        ArrayNode parts = HttpTransport.JSON.createArrayNode();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text text) {
                parts.addObject().put("text", text.text());
            } else if (part instanceof ContentPart.Image image) {
                parts.add(media(image.source(), image.mediaType(), field));
            } else if (part instanceof ContentPart.File file) {
                parts.add(media(file.source(), file.mediaType(), field));
            }
        }
        if (parts.isEmpty()) {
            parts.addObject().put("text", "");
        }
        return parts;
    }

    private static ArrayNode mediaParts(ChatMessage message, String field) {
        ArrayNode parts = HttpTransport.JSON.createArrayNode();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Image image) {
                parts.add(media(image.source(), image.mediaType(), field));
            } else if (part instanceof ContentPart.File file) {
                parts.add(media(file.source(), file.mediaType(), field));
            }
        }
        return parts;
    }

    private static ArrayNode modelParts(ChatMessage message, Map<String, String> toolNamesById,
            Function<String, String> signatures) {
        ArrayNode parts = HttpTransport.JSON.createArrayNode();
        String text = message.text();
        if (!text.isEmpty() || message.toolCalls().isEmpty()) {
            parts.addObject().put("text", text);
        }
        for (ToolCall call : message.toolCalls()) {
            toolNamesById.put(call.id(), call.name());
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall").put("name", call.name());
            functionCall.set("args", call.arguments() == null || call.arguments().isNull()
                    ? HttpTransport.JSON.createObjectNode() : call.arguments());
            String signature = call.id() == null ? null : signatures.apply(call.id());
            if (signature != null) {
                part.put("thoughtSignature", signature);
            }
        }
        return parts;
    }

    /** Objects go back as they are; text and other values are wrapped as {"result": value}, as Blazen does. */
    private static ObjectNode functionResponse(ChatMessage message, Map<String, String> toolNamesById, String field) {
        String name = message.name() != null ? message.name() : toolNamesById.get(message.toolCallId());
        if (name == null) {
            throw new ValidationError(field, "a tool result needs the tool name or the id of an earlier tool call");
        }
        JsonNode value = message.toolResult() != null ? message.toolResult()
                : HttpTransport.JSON.getNodeFactory().textNode(message.text());
        ObjectNode part = HttpTransport.JSON.createObjectNode();
        ObjectNode response = part.putObject("functionResponse").put("name", name);
        if (value.isObject()) {
            response.set("response", value);
        } else {
            response.putObject("response").set("result", value);
        }
        return part;
    }

    private static ObjectNode media(MediaSource source, String mediaType, String field) {
        ObjectNode part = HttpTransport.JSON.createObjectNode();
        if (source instanceof MediaSource.Url url) {
            fileData(part, mediaType, url.url());
        } else if (source instanceof MediaSource.Base64 base64) {
            inlineData(part, requireType(mediaType, field), base64.data());
        } else if (source instanceof MediaSource.File file) {
            inlineData(part, typeOf(file.path(), mediaType, field), read(file.path()));
        } else if (source instanceof MediaSource.ProviderFile file) {
            if (!"gemini".equalsIgnoreCase(file.provider())) {
                throw new ValidationError(field, "a file uploaded to " + file.provider() + " cannot be sent to Gemini");
            }
            fileData(part, mediaType, file.id());
        }
        return part;
    }

    private static void fileData(ObjectNode part, String mediaType, String uri) {
        ObjectNode data = part.putObject("fileData");
        if (mediaType != null) {
            data.put("mimeType", mediaType);
        }
        data.put("fileUri", uri);
    }

    private static void inlineData(ObjectNode part, String mediaType, String base64) {
        part.putObject("inlineData").put("mimeType", mediaType).put("data", base64);
    }

    private static String requireType(String mediaType, String field) {
        if (mediaType == null || mediaType.isBlank()) {
            throw new ValidationError(field, "inline data needs a media type");
        }
        return mediaType;
    }

    private static String typeOf(Path path, String mediaType, String field) {
        if (mediaType != null && !mediaType.isBlank()) {
            return mediaType;
        }
        try {
            return requireType(Files.probeContentType(path), field);
        } catch (IOException e) {
            throw new MediaError(MediaError.Kind.INVALID, "cannot tell the type of " + path);
        }
    }

    private static String read(Path path) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new MediaError(MediaError.Kind.INVALID, "cannot read " + path + ": " + e.getMessage());
        }
    }
}
