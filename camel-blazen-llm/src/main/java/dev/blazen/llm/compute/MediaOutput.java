package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One piece of generated media: at least one of {@code url}, {@code base64} or {@code rawContent} is set.
 *
 * @param mediaType MIME type such as image/png or audio/mpeg
 */
public record MediaOutput(String url, String base64, String rawContent, String mediaType, Long fileSize, JsonNode metadata) {

    public static MediaOutput fromUrl(String url, String mediaType) {
        return new MediaOutput(url, null, null, mediaType, null, null);
    }

    public static MediaOutput fromBase64(String base64, String mediaType) {
        return new MediaOutput(null, base64, null, mediaType, null, null);
    }

    @Override
    public String toString() {
        return "MediaOutput[url=" + url + ", base64=" + (base64 == null ? null : base64.length() + " chars")
                + ", rawContent=" + (rawContent == null ? null : rawContent.length() + " chars") + ", mediaType=" + mediaType + "]";
    }
}
