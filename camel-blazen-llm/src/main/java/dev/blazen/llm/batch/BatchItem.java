package dev.blazen.llm.batch;

import dev.blazen.llm.chat.CompletionResponse;

import java.time.Duration;

/**
 * The outcome of one request of a batch: its response or its error, never both.
 *
 * @param index   the request's position in the input list
 * @param error   why it failed: a {@link dev.blazen.llm.error.BlazenError} for provider failures, otherwise the
 *                exception the model threw
 * @param elapsed from sending the request to its outcome (time spent waiting for a concurrency slot excluded)
 */
public record BatchItem(int index, CompletionResponse response, Throwable error, Duration elapsed) {

    public BatchItem {
        if ((response == null) == (error == null)) {
            throw new IllegalArgumentException("a batch item has either a response or an error");
        }
    }

    public boolean succeeded() {
        return response != null;
    }
}
