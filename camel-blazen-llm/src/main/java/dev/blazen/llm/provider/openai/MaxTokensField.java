package dev.blazen.llm.provider.openai;

/**
 * The request field that carries {@code maxTokens}. OpenAI's reference marks {@code max_tokens} deprecated in favour
 * of {@code max_completion_tokens} (reasoning models reject the old one), while most compatible servers (Mistral,
 * Cohere, vLLM, Ollama, ...) only know {@code max_tokens}, and Mistral rejects the new one.
 */
public enum MaxTokensField {
    MAX_TOKENS("max_tokens"),
    MAX_COMPLETION_TOKENS("max_completion_tokens");

    private final String wireName;

    MaxTokensField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
