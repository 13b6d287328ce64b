package dev.blazen.llm.provider.anthropic;

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
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static dev.blazen.llm.http.HttpTransport.JSON;

/**
 * Writes a {@link CompletionRequest} as the body of {@code POST /v1/messages}: system messages go to the top-level
 * {@code system} field, tool results become {@code tool_result} blocks of a user turn, and consecutive turns of the
 * same role are merged into one so user and assistant turns alternate as the API expects.
 */
final class AnthropicRequestMapper {

    /** The beta the Files API needs for {@code file_id} sources. */
    static final String FILES_BETA = "files-api-2025-04-14";

    private final String path;
    private boolean usesFiles;

    private AnthropicRequestMapper(String path) {
        this.path = path;
    }

    /** The body, and whether it references uploaded files (the caller then adds the Files API beta header). */
    record Mapped(ObjectNode body, boolean usesFiles, StructuredOutput structuredOutput) {
    }

    static Mapped map(CompletionRequest request, String defaultModel, int defaultMaxTokens, boolean stream) {
        AnthropicRequestMapper mapper = new AnthropicRequestMapper("messages");
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model() != null && !request.model().isBlank() ? request.model() : defaultModel);
        body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
        String system = systemText(request.messages());
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        body.set("messages", mapper.messages(request.messages()));
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        ArrayNode tools = JSON.createArrayNode();
        for (ToolDefinition tool : request.tools()) {
            tools.add(tool(tool.name(), tool.description(), tool.parameters()));
        }
        StructuredOutput structured = StructuredOutput.of(request.responseFormat());
        if (structured != null) {
            if (request.tools().stream().anyMatch(t -> StructuredOutput.TOOL_NAME.equals(t.name()))) {
                throw new ValidationError("tools", "the tool name '" + StructuredOutput.TOOL_NAME
                        + "' is reserved for structured output");
            }
            tools.add(tool(StructuredOutput.TOOL_NAME, StructuredOutput.TOOL_DESCRIPTION, structured.inputSchema()));
            body.putObject("tool_choice").put("type", "tool").put("name", StructuredOutput.TOOL_NAME);
        }
        if (!tools.isEmpty()) {
            body.set("tools", tools);
        }
        if (stream) {
            body.put("stream", true);
        }
        return new Mapped(body, mapper.usesFiles, structured);
    }

    private static String systemText(List<ChatMessage> messages) {
        List<String> parts = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM && !message.text().isBlank()) {
                parts.add(message.text());
            }
        }
        return String.join("\n\n", parts);
    }

    private static ObjectNode tool(String name, String description, JsonNode parameters) {
        ObjectNode tool = JSON.createObjectNode().put("name", name);
        if (description != null && !description.isBlank()) {
            tool.put("description", description);
        }
        if (parameters != null && parameters.isObject()) {
            tool.set("input_schema", parameters);
        } else {
            // the API requires an object schema even for a tool without parameters
            tool.putObject("input_schema").put("type", "object").putObject("properties");
        }
        return tool;
    }

    private ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode out = JSON.createArrayNode();
        String lastRole = null;
        ArrayNode lastContent = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String field = path + "[" + i + "]";
            ArrayNode blocks = blocks(message, field);
            if (blocks.isEmpty()) {
                throw new ValidationError(field + ".content", "the message has no content");
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            if (role.equals(lastRole)) {
                lastContent.addAll(blocks);
                continue;
            }
            ObjectNode turn = out.addObject().put("role", role);
            lastContent = turn.putArray("content");
            lastContent.addAll(blocks);
            lastRole = role;
        }
        // a turn that is one text block is sent in the API's plain string form
        for (JsonNode turn : out) {
            JsonNode content = turn.path("content");
            if (content.size() == 1 && "text".equals(content.get(0).path("type").asText())) {
                ((ObjectNode) turn).put("content", content.get(0).path("text").asText());
            }
        }
        return out;
    }

    private ArrayNode blocks(ChatMessage message, String field) {
        ArrayNode blocks = JSON.createArrayNode();
        if (message.role() == Role.TOOL) {
            blocks.add(toolResult(message, field));
            return blocks;
        }
        for (int i = 0; i < message.content().size(); i++) {
            ObjectNode block = part(message.content().get(i), field + ".content[" + i + "]");
            if (block != null) {
                blocks.add(block);
            }
        }
        if (message.role() == Role.ASSISTANT) {
            for (ToolCall call : message.toolCalls()) {
                ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
                if (call.arguments() != null && call.arguments().isObject()) {
                    use.set("input", call.arguments());
                } else {
                    use.putObject("input");
                }
            }
        }
        return blocks;
    }

    private ObjectNode toolResult(ChatMessage message, String field) {
        if (message.toolCallId() == null || message.toolCallId().isBlank()) {
            throw new ValidationError(field + ".toolCallId", "a tool result needs the id of the tool_use it answers");
        }
        ObjectNode block = JSON.createObjectNode().put("type", "tool_result").put("tool_use_id", message.toolCallId());
        if (message.toolResult() != null) {
            // structured results travel as one text block holding the JSON, as Blazen sends them to Anthropic
            block.putArray("content").addObject().put("type", "text").put("text", message.toolResult().toString());
        } else if (message.isTextOnly()) {
            block.put("content", message.text());
        } else {
            ArrayNode content = block.putArray("content");
            for (int i = 0; i < message.content().size(); i++) {
                ObjectNode part = part(message.content().get(i), field + ".content[" + i + "]");
                if (part != null) {
                    content.add(part);
                }
            }
        }
        return block;
    }

    /** One content block, or null for an empty text part (the API rejects empty text blocks). */
    private ObjectNode part(ContentPart part, String field) {
        if (part instanceof ContentPart.Text text) {
            return text.text() == null || text.text().isEmpty() ? null
                    : JSON.createObjectNode().put("type", "text").put("text", text.text());
        }
        if (part instanceof ContentPart.Image image) {
            return image(image.source(), image.mediaType(), field);
        }
        return file((ContentPart.File) part, field);
    }

    private ObjectNode image(MediaSource source, String mediaType, String field) {
        ObjectNode block = JSON.createObjectNode().put("type", "image");
        block.set("source", source(source, mediaType, field));
        return block;
    }

    private ObjectNode file(ContentPart.File file, String field) {
        String mediaType = file.source() instanceof MediaSource.File local && file.mediaType() == null
                ? probe(local.path()) : file.mediaType();
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return image(file.source(), mediaType, field);
        }
        ObjectNode block = JSON.createObjectNode().put("type", "document");
        boolean inline = file.source() instanceof MediaSource.Base64 || file.source() instanceof MediaSource.File;
        if (inline && type.startsWith("text/")) {
            // plain-text documents go as text sources; the API takes no base64 for them
            block.putObject("source").put("type", "text").put("media_type", "text/plain")
                    .put("data", new String(bytes(file.source(), field), StandardCharsets.UTF_8));
        } else if (inline && !type.equals("application/pdf")) {
            throw new UnsupportedError("anthropic takes PDF, plain-text and image files, not '" + mediaType + "' (at "
                    + field + ")");
        } else {
            block.set("source", source(file.source(), mediaType, field));
        }
        if (file.filename() != null && !file.filename().isBlank()) {
            block.put("title", file.filename());
        }
        return block;
    }

    private ObjectNode source(MediaSource source, String mediaType, String field) {
        ObjectNode node = JSON.createObjectNode();
        if (source instanceof MediaSource.Url url) {
            node.put("type", "url").put("url", url.url());
        } else if (source instanceof MediaSource.Base64 data) {
            node.put("type", "base64").put("media_type", required(mediaType, field)).put("data", data.data());
        } else if (source instanceof MediaSource.File local) {
            node.put("type", "base64").put("media_type", required(mediaType != null ? mediaType : probe(local.path()), field))
                    .put("data", Base64.getEncoder().encodeToString(bytes(local, field)));
        } else {
            MediaSource.ProviderFile uploaded = (MediaSource.ProviderFile) source;
            if (!AnthropicErrors.PROVIDER.equalsIgnoreCase(uploaded.provider())) {
                throw new ValidationError(field, "file '" + uploaded.id() + "' was uploaded to " + uploaded.provider()
                        + ", not to anthropic");
            }
            usesFiles = true;
            node.put("type", "file").put("file_id", uploaded.id());
        }
        return node;
    }

    private static String required(String mediaType, String field) {
        if (mediaType == null || mediaType.isBlank()) {
            throw new ValidationError(field + ".mediaType", "inline data needs a media type");
        }
        return mediaType;
    }

    private static byte[] bytes(MediaSource source, String field) {
        if (source instanceof MediaSource.Base64 data) {
            try {
                return Base64.getDecoder().decode(data.data());
            } catch (IllegalArgumentException e) {
                throw new MediaError(MediaError.Kind.INVALID, "not base64 data at " + field);
            }
        }
        Path path = ((MediaSource.File) source).path();
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new MediaError(MediaError.Kind.INVALID, "cannot read " + path + " (at " + field + "): " + e.getMessage());
        }
    }

    private static String probe(Path path) {
        try {
            String probed = Files.probeContentType(path);
            if (probed != null) {
                return probed;
            }
        } catch (IOException e) {
            // fall back to the extension
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf")) {
            return "application/pdf";
        }
        if (name.endsWith(".txt") || name.endsWith(".md")) {
            return "text/plain";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (name.endsWith(".gif")) {
            return "image/gif";
        }
        if (name.endsWith(".webp")) {
            return "image/webp";
        }
        return null;
    }
}
