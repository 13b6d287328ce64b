package dev.blazen.llm.window;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.ToolCall;

/** The parts of a message that reach the model as text, which both counters measure the same way. */
final class CountedText {

    private CountedText() {
    }

    /** Text parts, the tool name, each tool call's name and JSON arguments, and a structured tool result. */
    static String of(ChatMessage message) {
        StringBuilder text = new StringBuilder();
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text t && t.text() != null) {
                text.append(t.text());
            }
        }
        if (message.name() != null) {
            text.append(message.name());
        }
        for (ToolCall call : message.toolCalls()) {
            text.append(call.name());
            if (call.arguments() != null) {
                text.append(call.arguments());
            }
        }
        if (message.toolResult() != null) {
            text.append(message.toolResult());
        }
        return text.toString();
    }

    /** Image and file parts: their token cost depends on the provider and the media, not on the reference text. */
    static int mediaParts(ChatMessage message) {
        return (int) message.content().stream().filter(p -> !(p instanceof ContentPart.Text)).count();
    }
}
