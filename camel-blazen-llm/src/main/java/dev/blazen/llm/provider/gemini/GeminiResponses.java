package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.error.ContentPolicyError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.http.HttpTransport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a Gemini {@code GenerateContentResponse}: a whole answer, or one chunk of a stream. */
final class GeminiResponses {

    /** Finish reasons that mean the answer was withheld by a safety or policy filter. */
    private static final Set<String> POLICY_STOPS = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY");

    /**
     * What one response (or chunk) carries.
     *
     * @param hasCandidate whether the first candidate was present at all
     */
    record Parsed(boolean hasCandidate, String text, List<ToolCall> toolCalls, Map<String, String> signatures,
            String finishReason, TokenUsage usage, String modelVersion, String responseId) {
    }

    private GeminiResponses() {
    }

    /**
     * Reads one response. Gemini gives function calls no id unless the server sets one, so calls get "call_N", N
     * counting from {@code firstCallIndex} across the whole answer; tool results find their call's name by that id. A
     * call that carries a thought signature gets the signature's short hash appended to its id, so the id stays the
     * same for the same answer but differs between answers, and {@code signatures} maps that id to the signature.
     */
    static Parsed parse(JsonNode node, int firstCallIndex) {
        JsonNode error = node.path("error");
        if (error.isObject()) {
            // an error can also arrive inside an SSE stream that already answered 200
            throw new ProviderError(GeminiProvider.ID, error.path("message").asText("unknown error"),
                    error.path("code").canConvertToInt() ? error.path("code").asInt() : null);
        }
        String blockReason = node.path("promptFeedback").path("blockReason").asText(null);
        if (blockReason != null && !blockReason.isEmpty()) {
            String detail = node.path("promptFeedback").path("blockReasonMessage").asText("");
            throw new ContentPolicyError("Gemini blocked the prompt (" + blockReason + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        JsonNode candidate = node.path("candidates").path(0);
        String finishReason = candidate.path("finishReason").asText(null);
        if (finishReason != null && POLICY_STOPS.contains(finishReason)) {
            String detail = candidate.path("finishMessage").asText("");
            throw new ContentPolicyError("Gemini withheld the answer (" + finishReason + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        Map<String, String> signatures = new LinkedHashMap<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue; // thought summaries are not the answer
            }
            if (part.path("text").isTextual()) {
                text.append(part.path("text").asText());
            }
            JsonNode call = part.path("functionCall");
            if (call.isObject()) {
                String signature = part.path("thoughtSignature").asText(null);
                String id = call.path("id").isTextual() ? call.path("id").asText()
                        : "call_" + (firstCallIndex + calls.size()) + (signature == null ? "" : "_" + shortHash(signature));
                if (signature != null) {
                    signatures.put(id, signature);
                }
                JsonNode args = call.path("args").isObject() ? call.path("args") : HttpTransport.JSON.createObjectNode();
                calls.add(new ToolCall(id, call.path("name").asText(), args));
            }
        }
        return new Parsed(candidate.isObject(), text.toString(), calls, signatures, finishReason, usage(node.path("usageMetadata")),
                node.path("modelVersion").asText(null), node.path("responseId").asText(null));
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Thinking tokens are billed as output, so they count as completion tokens. */
    private static TokenUsage usage(JsonNode metadata) {
        if (!metadata.isObject()) {
            return null;
        }
        long prompt = metadata.path("promptTokenCount").asLong(0);
        long completion = metadata.path("candidatesTokenCount").asLong(0) + metadata.path("thoughtsTokenCount").asLong(0);
        long total = metadata.path("totalTokenCount").asLong(prompt + completion);
        return new TokenUsage(prompt, completion, total);
    }
}
