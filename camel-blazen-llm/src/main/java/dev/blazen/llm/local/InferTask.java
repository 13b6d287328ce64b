package dev.blazen.llm.local;

import dev.blazen.llm.error.ValidationError;

import java.util.Arrays;
import java.util.Locale;

/** What a declared local model does with its input. */
public enum InferTask {
    /** Texts to sentence vectors (pooled, normalised). */
    EMBED,
    /** A query and passages to one relevance score per passage (cross-encoder). */
    RERANK,
    /** Texts to labels with probabilities (sequence classification). */
    CLASSIFY,
    /** Named tensors (or texts run through the model's tokenizer) to every named output tensor. */
    RAW;

    /** Parses {@code embed}, {@code rerank}, {@code classify} or {@code raw}, in any case. */
    public static InferTask parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationError("task", "unknown inference task '" + text + "'; the tasks are "
                    + Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
