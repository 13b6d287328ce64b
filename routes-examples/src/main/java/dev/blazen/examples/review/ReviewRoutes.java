package dev.blazen.examples.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.examples.review.ReviewEvents.Complaint;
import dev.blazen.examples.review.ReviewEvents.Praise;
import dev.blazen.examples.review.ReviewEvents.ReviewItem;
import dev.blazen.examples.review.ReviewEvents.ReviewSummary;
import dev.blazen.examples.review.ReviewEvents.Triaged;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The review workflow, written in Java: a batch of customer reviews fans out into one event per review, each review
 * branches (praise goes straight to the summary, a complaint is triaged first), and the summary step fans back in
 * once every review has arrived.
 *
 * <pre>
 * StartEvent --split--> ReviewItem x N --classify--> Praise ------------------------> summarize --> StopEvent
 *                                                 \-> Complaint --triage--> Triaged -/
 * </pre>
 *
 * Triggers: {@code POST /review} (text, one review per line, or a JSON array of strings / {@code {"reviews": [...]}})
 * returns the summary as JSON; a timer reviews a sample batch and logs the summary.
 */
public class ReviewRoutes extends RouteBuilder {

    public static final String WORKFLOW = "review";

    /** At most this many reviews per run: each one is an event in flight, so the batch size is bounded. */
    public static final int MAX_REVIEWS = 100;

    /** The batch the timer reviews. */
    public static final List<String> SAMPLE = List.of(
            "Great product, fast delivery!",
            "The box arrived damaged and I want a refund.",
            "Works as described.",
            "Support was slow to answer.");

    /** Context key: how many verdicts the summary waits for (the fan-in count varies per run). */
    static final String EXPECTED = "review.expected";
    private static final String VERDICTS = "review.verdicts";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        from("blazen:step:review/split?accepts=StartEvent").routeId("review-split")
                // bad input fails the run (POST /review answers 400) with a warning, not an error and a stack trace
                .onException(IllegalArgumentException.class)
                    .logExhausted(false)
                    .log(LoggingLevel.WARN, "Rejected input in run ${header.CamelBlazenRunId}: ${exception.message}")
                .end()
                .process(ReviewRoutes::split);

        // the branch: which event a review becomes decides the path it takes through the workflow
        from("blazen:step:review/classify?accepts=ReviewItem&maxConcurrency=4").routeId("review-classify")
                .choice()
                    .when(e -> Sentiment.isNegative(e.getMessage().getBody(ReviewItem.class).text()))
                        .process(e -> {
                            ReviewItem item = e.getMessage().getBody(ReviewItem.class);
                            e.getMessage().setBody(new Complaint(item.number(), item.text(), Sentiment.issues(item.text())));
                        })
                    .otherwise()
                        .process(e -> {
                            ReviewItem item = e.getMessage().getBody(ReviewItem.class);
                            e.getMessage().setBody(new Praise(item.number(), item.text()));
                        })
                .end();

        from("blazen:step:review/triage?accepts=Complaint").routeId("review-triage")
                .process(e -> {
                    Complaint complaint = e.getMessage().getBody(Complaint.class);
                    e.getMessage().setBody(new Triaged(complaint.number(), complaint.text(), complaint.issues(),
                            Sentiment.severity(complaint.issues())));
                });

        from("blazen:step:review/summarize?accepts=Praise,Triaged").routeId("review-summarize")
                .process(ReviewRoutes::summarize);

        from("platform-http:/review?httpMethodRestrict=POST").routeId("review-http")
                .onException(IllegalArgumentException.class)
                    .handled(true)
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                    .setHeader(Exchange.CONTENT_TYPE, constant("text/plain"))
                    .setBody(e -> rootMessage(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                .end()
                .convertBodyTo(String.class)
                // request headers would otherwise be echoed back as response headers
                .removeHeaders("*")
                .to("blazen:workflow:" + WORKFLOW)
                .setHeader("X-Blazen-Run-Id", header(BlazenConstants.RUN_ID))
                .marshal().json()
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));

        from("timer:review?includeMetadata=true&delay={{blazen.examples.review.delay}}&period={{blazen.examples.review.period}}")
                .routeId("review-timer")
                .setBody(constant(String.join("\n", SAMPLE)))
                .to("blazen:workflow:" + WORKFLOW)
                .marshal().json()
                .log("Review (timer #${exchangeProperty.CamelTimerCounter}): ${body} [run ${header.CamelBlazenRunId}]");
    }

    /** StartEvent: one ReviewItem per review (a List body is a fan-out), or the empty summary straight away. */
    private static void split(Exchange exchange) {
        List<String> reviews = reviews(exchange.getMessage().getBody());
        if (reviews.size() > MAX_REVIEWS) {
            throw new IllegalArgumentException("at most " + MAX_REVIEWS + " reviews per request, got " + reviews.size());
        }
        if (reviews.isEmpty()) {
            exchange.getMessage().setBody(new StopEvent(summary(List.of())));
            return;
        }
        context(exchange).set(EXPECTED, reviews.size());
        List<ReviewItem> items = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            items.add(new ReviewItem(i + 1, reviews.get(i)));
        }
        exchange.getMessage().setBody(items);
    }

    /** Fan-in: every verdict is buffered in the run's context until all of them are there. */
    private static void summarize(Exchange exchange) {
        WorkflowContext context = context(exchange);
        int expected = ((Number) context.get(EXPECTED)).intValue();
        List<Object> verdicts = context.collectEvents(VERDICTS, exchange.getMessage().getBody(), expected);
        // null: still waiting for other reviews, so this invocation emits nothing
        exchange.getMessage().setBody(verdicts == null ? null : new StopEvent(summary(verdicts)));
    }

    static ReviewSummary summary(List<Object> verdicts) {
        int positive = (int) verdicts.stream().filter(Praise.class::isInstance).count();
        List<Triaged> complaints = verdicts.stream().filter(Triaged.class::isInstance).map(Triaged.class::cast)
                .sorted(Comparator.comparingInt(Triaged::number)).toList();
        int negative = complaints.size();
        String overall = verdicts.isEmpty() ? "empty"
                : positive > negative ? "positive"
                : negative > positive ? "negative" : "mixed";
        return new ReviewSummary(verdicts.size(), positive, negative, overall, complaints);
    }

    /** The reviews in a start payload: a Collection, a JSON array or {"reviews": [...]}, or text with one per line. */
    static List<String> reviews(Object data) {
        if (data == null) {
            return List.of();
        }
        if (data instanceof Collection<?> many) {
            return clean(many.stream().map(String::valueOf).toList());
        }
        String text = data.toString().strip();
        if (text.startsWith("[") || text.startsWith("{")) {
            return clean(fromJson(text));
        }
        return clean(text.lines().toList());
    }

    private static List<String> fromJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode array = node.isObject() ? node.get("reviews") : node;
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("a JSON body must be an array of strings or {\"reviews\": [...]}");
        }
        List<String> reviews = new ArrayList<>();
        array.forEach(review -> {
            if (!review.isTextual()) {
                throw new IllegalArgumentException("every review must be a JSON string, got " + review);
            }
            reviews.add(review.asText());
        });
        return reviews;
    }

    private static List<String> clean(List<String> reviews) {
        return reviews.stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
    }

    private static WorkflowContext context(Exchange exchange) {
        return exchange.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        return String.valueOf((cause != null ? cause : error).getMessage());
    }
}
