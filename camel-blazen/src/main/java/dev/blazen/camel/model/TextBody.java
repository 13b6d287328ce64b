package dev.blazen.camel.model;

import dev.blazen.llm.error.ValidationError;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A message body read as texts, the way {@code blazen:embed} and {@code blazen:infer} take them: a Collection is a list
 * of texts (each converted to a String), anything else is one text. Empty or blank texts are refused.
 */
public record TextBody(List<String> texts, boolean single) {

    public static TextBody of(Message message) {
        Object body = message.getBody();
        if (body instanceof Collection<?> items) {
            if (items.isEmpty()) {
                throw new ValidationError("body", "an empty list: at least one text is needed");
            }
            List<String> texts = new ArrayList<>(items.size());
            int index = 0;
            for (Object item : items) {
                texts.add(text(item == null ? null : item.toString(), index++));
            }
            return new TextBody(texts, false);
        }
        return new TextBody(List.of(text(message.getBody(String.class), 0)), true);
    }

    private static String text(String value, int index) {
        if (value == null || value.isBlank()) {
            throw new ValidationError("body[" + index + "]", "an empty text");
        }
        return value;
    }

    /** The result as the body had it: the one result for a single text, else the list. */
    public Object shape(List<?> results) {
        return single ? results.get(0) : results;
    }
}
