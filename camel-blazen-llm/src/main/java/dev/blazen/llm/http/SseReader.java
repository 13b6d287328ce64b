package dev.blazen.llm.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a text/event-stream as the HTML standard defines it: fields per line, a blank line ends an event, lines
 * starting with ':' are comments, data lines of one event are joined with newlines.
 */
public final class SseReader {

    private SseReader() {
    }

    /**
     * Reads events until the stream ends; returns true when the last event was terminated by a blank line, false when
     * the stream broke off in the middle of one (a truncated stream).
     */
    public static boolean read(BufferedReader reader, Consumer<SseEvent> consumer) throws IOException {
        String event = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    consumer.accept(new SseEvent(event, data.toString(), id));
                }
                event = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // retry and unknown fields do not matter to a one-shot stream
                }
            }
        }
        return data == null;
    }
}
