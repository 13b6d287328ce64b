package dev.blazen.llm.provider.openai;

import dev.blazen.llm.http.ApiKey;

import java.util.Map;

/**
 * How an OpenAI-compatible server wants the key: {@link #BEARER} ({@code Authorization: Bearer <key>}),
 * {@link #API_KEY_HEADER} ({@code api-key: <key>}, Azure), a custom header, or {@link #NONE}.
 */
public sealed interface AuthMethod {

    AuthMethod BEARER = new Bearer();
    AuthMethod API_KEY_HEADER = new Header("api-key");
    AuthMethod NONE = new None();

    /** The key sent raw in the named header. */
    static AuthMethod header(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a header name is needed");
        }
        return new Header(name.strip());
    }

    /** The header carrying {@code key}; empty without a key or with {@link #NONE}. */
    Map<String, String> headers(ApiKey key);

    record Bearer() implements AuthMethod {
        @Override
        public Map<String, String> headers(ApiKey key) {
            return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key.reveal());
        }
    }

    record Header(String name) implements AuthMethod {
        @Override
        public Map<String, String> headers(ApiKey key) {
            return key == null ? Map.of() : Map.of(name, key.reveal());
        }
    }

    record None() implements AuthMethod {
        @Override
        public Map<String, String> headers(ApiKey key) {
            return Map.of();
        }
    }
}
