package dev.blazen.llm.chat;

/** Receives the chunks of a streamed completion, in order, on the thread that reads the stream. */
@FunctionalInterface
public interface StreamSink {

    void onChunk(StreamChunk chunk);
}
