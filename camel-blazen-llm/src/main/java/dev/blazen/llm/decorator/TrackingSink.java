package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;

/** Passes chunks on and remembers whether any got through: once one has, a stream cannot be attempted again. */
final class TrackingSink implements StreamSink {

    private final StreamSink target;
    private volatile boolean delivered;

    TrackingSink(StreamSink target) {
        this.target = target;
    }

    @Override
    public void onChunk(StreamChunk chunk) {
        delivered = true;
        target.onChunk(chunk);
    }

    boolean delivered() {
        return delivered;
    }
}
