package dev.blazen.llm.agent;

import dev.blazen.llm.error.ToolError;

import java.util.regex.Pattern;

/**
 * The text of a tool failure as the model sees it: the exception's type and first message line, shortened, with
 * anything that looks like a credential masked. No stack trace or cause chain reaches the model.
 */
final class ErrorText {

    private static final int MAX_LENGTH = 500;
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)\\b(api[_-]?key|token|secret|password|passwd|authorization)(\\s*[=:]\\s*)(bearer\\s+)?\\S+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+\\S+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|pk|rk|gsk|xai|AIza)[-_A-Za-z0-9]{12,}");

    private ErrorText() {
    }

    static String of(Throwable error) {
        String message = error.getMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline < 0 ? message : message.substring(0, newline);
        }
        String type = error instanceof ToolError ? "ToolError" : error.getClass().getSimpleName();
        return sanitize(message == null || message.isBlank() ? type : type + ": " + message);
    }

    static String sanitize(String text) {
        String masked = ASSIGNED_SECRET.matcher(text).replaceAll("$1$2***");
        masked = BEARER.matcher(masked).replaceAll("Bearer ***");
        masked = KEY_LIKE.matcher(masked).replaceAll("***");
        return masked.length() <= MAX_LENGTH ? masked : masked.substring(0, MAX_LENGTH - 3) + "...";
    }
}
