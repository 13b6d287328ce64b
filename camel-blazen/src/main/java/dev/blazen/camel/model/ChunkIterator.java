package dev.blazen.camel.model;

import dev.blazen.llm.chat.CompletionResponse;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The body {@code blazen:stream} gives when no {@code chunkUri} is set: the text deltas as they arrive (a route
 * splits it with {@code split(body()).streaming()}), then {@link #response()} is the whole answer. The buffer is
 * bounded: a slow reader makes the stream wait, nothing is dropped. A failed stream throws its error from
 * {@link #hasNext()}.
 */
public final class ChunkIterator implements Iterator<String> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> buffer;
    private final CompletableFuture<CompletionResponse> response = new CompletableFuture<>();
    private Object next;

    ChunkIterator(int capacity) {
        this.buffer = new ArrayBlockingQueue<>(capacity);
    }

    void offer(String delta) {
        put(delta);
    }

    void finish(CompletionResponse whole, Throwable error) {
        if (error != null) {
            response.completeExceptionally(error);
        } else {
            response.complete(whole);
        }
        put(END);
    }

    private void put(Object item) {
        try {
            buffer.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a chunk to the reader", e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = buffer.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a chunk", e);
            }
        }
        if (next == END) {
            buffer.offer(END);
            if (response.isCompletedExceptionally()) {
                response.join(); // rethrows the stream's error
            }
            return false;
        }
        return true;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String delta = (String) next;
        next = null;
        return delta;
    }

    /** The whole answer; waits for the stream to end. */
    public CompletionResponse response() {
        try {
            return response.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
