package dev.blazen.llm.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Structured output (Blazen's {@code extract}): asks a model for an answer that follows a JSON Schema, then parses,
 * validates and converts it.
 *
 * <p>The request carries the schema in {@link CompletionRequest#responseFormat()}, which providers turn into their
 * native structured output (or tool forcing); it also gets a short system instruction with the schema, so models
 * without native support know what to answer. The answer may be wrapped in a Markdown fence or surrounded by prose
 * (see {@link JsonAnswer}); when the content is empty and the model made exactly one tool call (tool forcing), that
 * call's arguments are the answer. Failures are {@link dev.blazen.llm.error.ValidationError}s naming the JSON path.
 */
public final class Extractor {

    static final String INSTRUCTION = "Answer only with JSON that conforms to this JSON Schema, with no other text:\n";

    private Extractor() {
    }

    public static <T> StructuredResponse<T> extract(CompletionModel model, Class<T> type, List<ChatMessage> messages) {
        return extract(model, ExtractionSchema.of(type), messages);
    }

    public static StructuredResponse<JsonNode> extract(CompletionModel model, JsonNode schema,
            List<ChatMessage> messages) {
        return extract(model, ExtractionSchema.of(schema), messages);
    }

    public static StructuredResponse<JsonNode> extract(CompletionModel model, Map<String, ?> schema,
            List<ChatMessage> messages) {
        return extract(model, ExtractionSchema.of(schema), messages);
    }

    public static <T> StructuredResponse<T> extract(CompletionModel model, ExtractionSchema<T> schema,
            List<ChatMessage> messages) {
        return extract(model, schema, CompletionRequest.of(messages));
    }

    /** Extraction with a full request (temperature, model override, ...); its response format is replaced. */
    public static <T> StructuredResponse<T> extract(CompletionModel model, ExtractionSchema<T> schema,
            CompletionRequest request) {
        return read(model.complete(prepare(request, schema)), schema);
    }

    public static <T> CompletableFuture<StructuredResponse<T>> extractAsync(CompletionModel model,
            ExtractionSchema<T> schema, CompletionRequest request) {
        return model.completeAsync(prepare(request, schema)).thenApply(response -> read(response, schema));
    }

    /** The request as extraction sends it: the schema as response format and the JSON instruction. */
    public static CompletionRequest prepare(CompletionRequest request, ExtractionSchema<?> schema) {
        JsonNode json = schema.schema();
        return request.withResponseFormat(json).withSystemPrompt(INSTRUCTION + json);
    }

    /** The structured result of a completion made with {@link #prepare}. */
    public static <T> StructuredResponse<T> read(CompletionResponse response, ExtractionSchema<T> schema) {
        T data = schema.parse(answerText(response));
        return new StructuredResponse<>(data, response.usage(), response.model(), response.cost(), response.timing(),
                response.metadata());
    }

    private static String answerText(CompletionResponse response) {
        String content = response.content();
        if ((content == null || content.isBlank()) && response.toolCalls().size() == 1) {
            ToolCall call = response.toolCalls().get(0);
            return call.arguments() == null ? null : call.arguments().toString();
        }
        return content;
    }
}
