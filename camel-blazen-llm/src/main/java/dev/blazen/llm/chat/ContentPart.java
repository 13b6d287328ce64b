package dev.blazen.llm.chat;

/** One part of a message's content: text, an image, or a file. */
public sealed interface ContentPart {

    record Text(String text) implements ContentPart {
    }

    /** @param mediaType MIME type such as image/png; may be null for URLs */
    record Image(MediaSource source, String mediaType) implements ContentPart {
    }

    record File(MediaSource source, String mediaType, String filename) implements ContentPart {
    }

    static ContentPart text(String text) {
        return new Text(text);
    }

    static ContentPart imageUrl(String url, String mediaType) {
        return new Image(new MediaSource.Url(url), mediaType);
    }

    static ContentPart imageBase64(String data, String mediaType) {
        return new Image(new MediaSource.Base64(data), mediaType);
    }
}
