package dev.blazen.llm.provider.defaults;

/**
 * The universal pre-flight hook of a {@link ConfiguredProvider}: it sees every call with the Java name of the
 * {@link dev.blazen.llm.provider.CustomProvider} method ("complete", "stream", "embed", "textToSpeech",
 * "generateImage", ...) and the request object.
 *
 * <p>Requests are immutable records, so a hook changes a request by returning a changed copy (for example
 * {@code request.withModel("gpt-4o")}); returning the same object or null sends the request as it is. The returned
 * object must be of the request's type ({@code CompletionRequest} for complete/stream, {@code List<String>} for
 * embed, the compute record for a compute method). For {@code listVoices} the request is null and the result is
 * ignored. An exception thrown by a hook aborts the call and reaches the caller unchanged.
 */
@FunctionalInterface
public interface BeforeRequestHook {

    Object beforeRequest(String method, Object request);
}
