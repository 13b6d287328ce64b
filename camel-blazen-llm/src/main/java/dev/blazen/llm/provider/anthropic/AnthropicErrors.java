package dev.blazen.llm.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.http.ApiKey;

/**
 * Maps the error object of an Anthropic {@code error} stream event ({@code {"type","message"}}) to its typed error.
 * The HTTP status each error type comes with on non-streamed calls is kept, so retry decisions match: overloaded
 * (529), api (500) and timeout (504) errors are retryable, client errors are not.
 */
final class AnthropicErrors {

    static final String PROVIDER = "anthropic";

    private AnthropicErrors() {
    }

    static BlazenError fromErrorObject(JsonNode error, ApiKey key) {
        String type = error.path("type").asText("unknown_error");
        String message = type + ": " + mask(error.path("message").asText("(no message)"), key);
        return switch (type) {
            case "authentication_error", "permission_error" -> new AuthError(PROVIDER + ": " + message);
            case "rate_limit_error" -> new RateLimitError(PROVIDER + ": " + message, null);
            case "overloaded_error" -> new ProviderError(PROVIDER, message, 529);
            case "api_error" -> new ProviderError(PROVIDER, message, 500);
            case "timeout_error" -> new ProviderError(PROVIDER, message, 504);
            case "invalid_request_error" -> new ProviderError(PROVIDER, message, 400);
            case "billing_error" -> new ProviderError(PROVIDER, message, 402);
            case "not_found_error" -> new ProviderError(PROVIDER, message, 404);
            case "request_too_large" -> new ProviderError(PROVIDER, message, 413);
            // an error type this client does not know yet: no status, so retry policies treat it as transient
            default -> new ProviderError(PROVIDER, message, null);
        };
    }

    static String mask(String text, ApiKey key) {
        return key == null || text == null ? text : text.replace(key.reveal(), "****");
    }
}
