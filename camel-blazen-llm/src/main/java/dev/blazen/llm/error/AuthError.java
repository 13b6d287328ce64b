package dev.blazen.llm.error;

/** Authentication failed (missing, invalid or expired credentials). */
public class AuthError extends BlazenError {

    public AuthError(String message) {
        super("authentication failed: " + message);
    }
}
