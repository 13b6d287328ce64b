package dev.blazen.llm.chat;

import java.nio.file.Path;

/** Where the bytes of an image or file come from. */
public sealed interface MediaSource {

    /** A public URL the provider fetches itself. */
    record Url(String url) implements MediaSource {
    }

    /** Inline base64 data; the enclosing part carries the media type. */
    record Base64(String data) implements MediaSource {
        @Override
        public String toString() {
            return "Base64[" + data.length() + " chars]";
        }
    }

    /** A local file, read when the request is sent. */
    record File(Path path) implements MediaSource {
    }

    /** A file already uploaded to a provider's Files API; used only with that provider. */
    record ProviderFile(String provider, String id) implements MediaSource {
    }
}
