package dev.blazen.examples.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.examples.ExamplesApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.blazen.examples.approval.ApprovalTestSupport.await;
import static dev.blazen.examples.approval.ApprovalTestSupport.engine;
import static dev.blazen.examples.approval.ApprovalTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval workflow over real HTTP: the application runs as shipped (YAML routes, embedded HTTP server on a free
 * loopback port) and this test is its only client. A run is started, the pending request becomes visible through the
 * stream-events route, the decision is posted, and the run finishes with it.
 */
class ApprovalsHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String REQUEST_ID = "manager-approval";

    private static ExamplesApplication app;
    private static HttpClient http;
    private static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        int port = ApprovalTestSupport.freePort();
        app = ApprovalTestSupport.startApplication(port, Map.of());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        baseUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void anApprovalPostedOverHttpFinishesTheRunWithTheDecision() throws Exception {
        HttpResponse<String> started = post("/approvals", "text/plain", "  Two 27-inch monitors, for the design team ");

        assertThat(started.statusCode()).isEqualTo(202);
        String runId = json(started.body()).get("run_id").asText();
        assertThat(runId).isNotBlank();
        assertThat(json(started.body()).get("status").asText()).isEqualTo("drafting");
        assertThat(started.headers().firstValue("Location")).hasValue("/approvals/" + runId);
        assertThat(started.headers().map()).doesNotContainKeys("CamelBlazenRunId", "CamelBlazenWorkflow");

        // the request reaches the list only through the blazen:stream-events:approval route
        JsonNode pending = awaitPending(runId);
        assertThat(pending.get("request_id").asText()).isEqualTo(REQUEST_ID);
        assertThat(pending.get("prompt").asText()).isEqualTo("Approve this purchase order?");
        assertThat(pending.get("draft").asText()).isEqualTo("Purchase order: Two 27-inch monitors, for the design team. "
                + "Supplier: the usual one. Delivery: within 10 working days.");
        assertThat(pending.get("request").asText()).isEqualTo("Two 27-inch monitors, for the design team");
        assertThat(json(get("/approvals/" + runId).body()).get("status").asText()).isEqualTo("waiting");
        assertThat(engine(app.getCamelContext()).context(runId)).as("the run is parked, not gone").isPresent();

        HttpResponse<String> answered = post("/approvals/" + runId + "/" + REQUEST_ID, "application/json",
                "{\"approved\": true, \"comment\": \"within budget\"}");

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answered.headers().map()).doesNotContainKeys("runId", "requestId", "CamelBlazenRespondOutcome");
        JsonNode outcome = json(answered.body());
        assertThat(outcome.get("run_id").asText()).isEqualTo(runId);
        assertThat(outcome.get("request_id").asText()).isEqualTo(REQUEST_ID);
        assertThat(outcome.get("outcome").asText()).isEqualTo("ACCEPTED");

        JsonNode status = awaitDecided(runId);
        JsonNode decision = status.get("decision");
        assertThat(decision.get("run_id").asText()).isEqualTo(runId);
        assertThat(decision.get("decision").asText()).isEqualTo("approved");
        assertThat(decision.get("comment").asText()).isEqualTo("within budget");
        assertThat(decision.get("draft").asText()).startsWith("Purchase order: Two 27-inch monitors, for the design team.");
        assertThat(status.get("answers")).singleElement().satisfies(answer -> {
            assertThat(answer.get("outcome").asText()).isEqualTo("ACCEPTED");
            assertThat(answer.get("via").asText()).isEqualTo("http");
        });
        await("run " + runId + " to end", WAIT,
                () -> engine(app.getCamelContext()).context(runId).isEmpty() ? Boolean.TRUE : null);
        assertThat(pendingEntry(runId)).as("no longer pending").isNull();
    }

    @Test
    void aRepeatedAnswerIsADuplicateAndTheFirstAnswerStands() throws Exception {
        String runId = startRun("A standing desk");
        awaitPending(runId);

        HttpResponse<String> first = answer(runId, REQUEST_ID, "{\"approved\": false, \"comment\": \"no budget left\"}");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first.body()).get("outcome").asText()).isEqualTo("ACCEPTED");
        awaitDecided(runId);

        // after the run has finished, and with the opposite decision: answered idempotently, nothing changes
        HttpResponse<String> again = answer(runId, REQUEST_ID, "{\"approved\": true}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(json(again.body()).get("run_id").asText()).isEqualTo(runId);

        JsonNode status = json(get("/approvals/" + runId).body());
        assertThat(status.get("decision").get("decision").asText()).isEqualTo("rejected");
        assertThat(status.get("decision").get("comment").asText()).isEqualTo("no budget left");
        assertThat(status.get("answers")).extracting(a -> a.get("outcome").asText()).containsExactly("ACCEPTED", "DUPLICATE");
        assertThat(ApprovalTestSupport.desk(app).timesDecided(runId)).isEqualTo(1);
    }

    @Test
    void unknownRunsAndRequestsAnswer404AndTheRunKeepsWaiting() throws Exception {
        HttpResponse<String> noRun = answer("no-such-run", REQUEST_ID, "{\"approved\": true}");
        assertThat(noRun.statusCode()).isEqualTo(404);
        assertThat(json(noRun.body()).get("error").asText()).contains("unknown run 'no-such-run'");
        assertThat(noRun.headers().map()).doesNotContainKeys("runId", "requestId");

        String runId = startRun("Ergonomic chairs");
        awaitPending(runId);
        HttpResponse<String> noRequest = answer(runId, "budget-approval", "{\"approved\": true}");
        assertThat(noRequest.statusCode()).isEqualTo(404);
        assertThat(json(noRequest.body()).get("error").asText())
                .contains("not waiting for input request 'budget-approval'").contains(REQUEST_ID);

        HttpResponse<String> unknownStatus = get("/approvals/no-such-run");
        assertThat(unknownStatus.statusCode()).isEqualTo(404);
        assertThat(json(unknownStatus.body()).get("error").asText()).contains("no-such-run");

        // the wrong answers changed nothing: the run still waits, and the right one finishes it
        assertThat(json(get("/approvals/" + runId).body()).get("status").asText()).isEqualTo("waiting");
        assertThat(json(answer(runId, REQUEST_ID, "{\"approved\": true}").body()).get("outcome").asText())
                .isEqualTo("ACCEPTED");
        assertThat(awaitDecided(runId).get("decision").get("decision").asText()).isEqualTo("approved");
    }

    @Test
    void aBodyThatIsNoDecisionAnswers400AndTheRunKeepsWaiting() throws Exception {
        assertThat(post("/approvals", "text/plain", "   ").statusCode()).isEqualTo(400);
        HttpResponse<String> tooLong = post("/approvals", "text/plain", "x".repeat(501));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong.body()).get("error").asText()).contains("1 to 500 characters");

        String runId = startRun("A whiteboard");
        awaitPending(runId);
        for (String body : new String[] {"yes please", "{\"approved\": \"yes\"}", "[true]", "{\"comment\": \"ok\"}", ""}) {
            HttpResponse<String> response = answer(runId, REQUEST_ID, body);
            assertThat(response.statusCode()).as("answer %s", body).isEqualTo(400);
            assertThat(json(response.body()).get("error").asText()).as("answer %s", body).isNotBlank();
        }
        // a body that names another request is still only a decision for the one in the path
        HttpResponse<String> sneaky = answer(runId, REQUEST_ID,
                "{\"approved\": true, \"request_id\": \"other\", \"run_id\": \"other-run\"}");
        assertThat(sneaky.statusCode()).isEqualTo(200);
        assertThat(json(sneaky.body()).get("request_id").asText()).isEqualTo(REQUEST_ID);
        assertThat(json(sneaky.body()).get("run_id").asText()).isEqualTo(runId);
        assertThat(awaitDecided(runId).get("answers")).hasSize(1);
    }

    private static String startRun(String request) throws IOException, InterruptedException {
        HttpResponse<String> started = post("/approvals", "text/plain", request);
        assertThat(started.statusCode()).isEqualTo(202);
        return json(started.body()).get("run_id").asText();
    }

    private static JsonNode awaitPending(String runId) throws InterruptedException {
        return await("run " + runId + " in GET /approvals", WAIT, () -> pendingEntry(runId));
    }

    private static JsonNode pendingEntry(String runId) {
        HttpResponse<String> list = uncheckedGet("/approvals");
        assertThat(list.statusCode()).isEqualTo(200);
        for (JsonNode entry : json(list.body())) {
            if (entry.get("run_id").asText().equals(runId)) {
                return entry;
            }
        }
        return null;
    }

    private static JsonNode awaitDecided(String runId) throws InterruptedException {
        return await("run " + runId + " decided", WAIT, () -> {
            JsonNode status = json(uncheckedGet("/approvals/" + runId).body());
            return "decided".equals(status.path("status").asText()) ? status : null;
        });
    }

    private static HttpResponse<String> answer(String runId, String requestId, String body)
            throws IOException, InterruptedException {
        return post("/approvals/" + runId + "/" + requestId, "application/json", body);
    }

    private static HttpResponse<String> uncheckedGet(String path) {
        try {
            return get(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
