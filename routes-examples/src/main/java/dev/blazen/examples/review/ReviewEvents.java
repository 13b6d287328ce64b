package dev.blazen.examples.review;

import java.util.List;

/**
 * The events of the review workflow. Each record's simple name is its event type, which is what the step endpoints'
 * {@code accepts} options name.
 */
public final class ReviewEvents {

    private ReviewEvents() {
    }

    /** One review of the batch; {@code number} is its 1-based position. */
    public record ReviewItem(int number, String text) {
    }

    /** A review the classifier found nothing wrong with. */
    public record Praise(int number, String text) {
    }

    /** A review that names problems; it goes through triage before the summary. */
    public record Complaint(int number, String text, List<String> issues) {
    }

    /** A complaint with a severity: HIGH needs a person today, LOW can wait. */
    public record Triaged(int number, String text, List<String> issues, String severity) {
    }

    /** The workflow's result (the StopEvent payload), not an event that routes. */
    public record ReviewSummary(int total, int positive, int negative, String overall, List<Triaged> complaints) {
    }
}
