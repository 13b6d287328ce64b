package dev.blazen.llm.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.blazen.llm.error.ValidationError;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON value in a model's answer. Models asked for JSON often wrap it in a Markdown fence or put a sentence
 * before or after it; this accepts, in order: the whole answer as JSON, the first fenced block as JSON, and the first
 * object or array in the text (what follows it is ignored).
 */
public final class JsonAnswer {

    private static final Pattern FENCE = Pattern.compile("```[A-Za-z0-9_-]*[ \\t]*\\R?(.*?)```", Pattern.DOTALL);
    private static final ObjectReader STRICT = JsonSchemas.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader LEADING = JsonSchemas.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int QUOTED_CHARS = 80;
    /** Bounds the work on long answers full of brackets that are not JSON. */
    private static final int MAX_CANDIDATES = 64;

    private JsonAnswer() {
    }

    /** The JSON value of the answer; a {@link ValidationError} at {@code $} when there is none. */
    public static JsonNode parse(String content) {
        if (content == null || content.isBlank()) {
            throw new ValidationError("$", "the model returned no content where JSON was expected");
        }
        String text = content.strip();
        JsonNode whole = strict(text);
        if (whole != null) {
            return whole;
        }
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            JsonNode fenced = strict(fence.group(1).strip());
            if (fenced != null) {
                return fenced;
            }
        }
        int attempts = 0;
        for (int i = 0; i < text.length() && attempts < MAX_CANDIDATES; i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                attempts++;
                JsonNode found = leading(text.substring(i));
                if (found != null) {
                    return found;
                }
            }
        }
        throw new ValidationError("$", "the answer is not JSON: \"" + quote(text) + "\"");
    }

    private static JsonNode strict(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode leading(String text) {
        try {
            JsonNode node = LEADING.readTree(text);
            return node != null && node.isContainerNode() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String quote(String text) {
        return text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "...";
    }
}
