package dev.blazen.llm.error;

/** The provider refused the content (safety / content policy). */
public class ContentPolicyError extends BlazenError {

    public ContentPolicyError(String message) {
        super("content policy violation: " + message);
    }
}
