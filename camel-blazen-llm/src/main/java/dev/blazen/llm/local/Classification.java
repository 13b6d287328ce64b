package dev.blazen.llm.local;

import java.util.List;

/**
 * A text's classification: the most probable label and every label's probability (softmax of the logits), in the
 * model's label id order.
 */
public record Classification(String label, double probability, List<LabelScore> scores) {

    public Classification {
        scores = List.copyOf(scores);
    }

    /** One label's probability. */
    public record LabelScore(String label, double probability) {
    }
}
