package dev.blazen.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.examples.review.ReviewEvents.ReviewSummary;
import dev.blazen.examples.review.ReviewRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Starts the real application (YAML routes, Java routes, embedded HTTP server) on a free port, with one extra route
 * file given as a command-line argument (the shipped my-routes/hello.yaml) and one given by the
 * {@value ExamplesApplication#ROUTES_PROPERTY} system property, then talks to it over HTTP.
 */
class ExamplesApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path userRoutes;

    private static ExamplesApplication app;
    private static HttpClient http;
    private static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(userRoutes.resolve("shout.yaml"), """
                - route:
                    id: shout-upper
                    from:
                      uri: blazen:step:shout/upper
                      parameters:
                        accepts: StartEvent
                      steps:
                        - setBody:
                            simple: '{"type":"StopEvent","result":"${body.toUpperCase()}"}'
                """);
        System.setProperty(ExamplesApplication.ROUTES_PROPERTY, "file:" + userRoutes.toAbsolutePath() + "/*.yaml");
        int port = freePort();
        // the working directory of surefire is this module, as for a user running from it
        app = newApplication(port, "file:my-routes/*.yaml");
        try {
            app.start();
        } finally {
            System.clearProperty(ExamplesApplication.ROUTES_PROPERTY);
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        baseUrl = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void greeterAnswersGetWithTheGreeting() throws Exception {
        HttpResponse<String> response = get("/greet?name=Ada");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello, Ada!");
        assertThat(response.headers().firstValue("X-Blazen-Run-Id")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        // request headers are not echoed back
        assertThat(response.headers().firstValue("name")).isEmpty();
    }

    @Test
    void greeterTakesTheNameFromATextBodyAndDefaultsToWorld() throws Exception {
        assertThat(post("/greet", "text/plain", "  Grace Hopper ").body()).isEqualTo("Hello, Grace Hopper!");
        assertThat(post("/greet", "application/x-www-form-urlencoded", "name=Linus").body()).isEqualTo("Hello, Linus!");
        assertThat(get("/greet").body()).isEqualTo("Hello, World!");
        assertThat(get("/greet?name=" + URLEncoder.encode("O'Brien", StandardCharsets.UTF_8)).body())
                .isEqualTo("Hello, O'Brien!");
    }

    @Test
    void greeterRejectsANameThatIsNotOneWithA400() throws Exception {
        HttpResponse<String> response = get("/greet?name=" + URLEncoder.encode("\"}, {\"type\":\"x", StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("a name is 1 to 40 letters");
    }

    @Test
    void reviewFansOutBranchesAndSummarises() throws Exception {
        HttpResponse<String> response = post("/review", "text/plain", String.join("\n", ReviewRoutes.SAMPLE));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.get("total").asInt()).isEqualTo(4);
        assertThat(summary.get("positive").asInt()).isEqualTo(2);
        assertThat(summary.get("negative").asInt()).isEqualTo(2);
        assertThat(summary.get("overall").asText()).isEqualTo("mixed");
        JsonNode complaints = summary.get("complaints");
        assertThat(complaints).hasSize(2);
        assertThat(complaints.get(0).get("number").asInt()).isEqualTo(2);
        assertThat(complaints.get(0).get("severity").asText()).isEqualTo("HIGH");
        assertThat(complaints.get(0).get("issues").toString()).isEqualTo("[\"damaged\",\"refund\"]");
        assertThat(complaints.get(1).get("number").asInt()).isEqualTo(4);
        assertThat(complaints.get(1).get("severity").asText()).isEqualTo("LOW");
    }

    @Test
    void reviewAcceptsJsonAndRejectsBrokenJson() throws Exception {
        HttpResponse<String> ok = post("/review", "application/json",
                "{\"reviews\": [\"Lovely\", \"Terrible and late\", \"Fine\"]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode summary = JSON.readTree(ok.body());
        assertThat(summary.get("overall").asText()).isEqualTo("positive");
        assertThat(summary.get("complaints").get(0).get("severity").asText()).isEqualTo("HIGH");

        HttpResponse<String> bad = post("/review", "application/json", "[\"unterminated");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("the body is not valid JSON");
    }

    @Test
    void reviewRunsFromJavaToo() {
        ProducerTemplate template = context().createProducerTemplate();

        ReviewSummary summary = template.requestBody("blazen:workflow:review", List.of("broken", "great", "rude", "late"),
                ReviewSummary.class);
        ReviewSummary empty = template.requestBody("blazen:workflow:review", "  \n ", ReviewSummary.class);

        assertThat(summary.total()).isEqualTo(4);
        assertThat(summary.negative()).isEqualTo(3);
        assertThat(summary.overall()).isEqualTo("negative");
        assertThat(summary.complaints()).extracting(c -> c.number() + ":" + c.severity())
                .containsExactly("1:HIGH", "3:LOW", "4:LOW");
        assertThat(empty).isEqualTo(new ReviewSummary(0, 0, 0, "empty", List.of()));
    }

    @Test
    void blazenOptionsComeFromApplicationProperties() {
        var configuration = context().getComponent("blazen", dev.blazen.camel.BlazenComponent.class).getConfiguration();
        assertThat(configuration.getWorkflowTimeout()).isEqualTo(120_000L);
        assertThat(configuration.getMaxInFlight()).isEqualTo(32);
    }

    @Test
    void theKafkaRoutesAreLeftOutWithoutBrokers() {
        // the default start needs no broker: blazen.examples.kafka.brokers is empty in application.properties
        assertThat(context().getRoute("approval-draft")).isNotNull();
        assertThat(context().getRoute("approvals-answer-http")).isNotNull();
        assertThat(context().getRoute("approvals-kafka")).isNull();
        assertThat(context().getEndpoints()).noneMatch(endpoint -> endpoint.getEndpointUri().startsWith("kafka:"));
    }

    @Test
    void routeFileGivenAsArgumentIsLoaded() throws Exception {
        HttpResponse<String> response = get("/hello?name=Ada");

        assertThat(context().getRoute("hello-http")).isNotNull();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello from my-routes; you said Ada");
    }

    @Test
    void routeFileGivenByPropertyIsLoaded() {
        assertThat(context().getRoute("shout-upper")).isNotNull();
        assertThat(context().createProducerTemplate().requestBody("blazen:workflow:shout", "quiet", String.class))
                .isEqualTo("QUIET");
    }

    @Test
    void aRoutePatternMatchingNothingStopsTheStart() throws Exception {
        ExamplesApplication broken = newApplication(freePort(), "file:no-such-dir/*.yaml");
        try {
            assertThatThrownBy(broken::start).hasStackTraceContaining("Route pattern 'file:no-such-dir/*.yaml' matches no file");
        } finally {
            broken.stop();
        }
    }

    @Test
    void anOptionalRoutePatternMayMatchNothing() throws Exception {
        ExamplesApplication lenient = newApplication(freePort(), "file:no-such-dir/*.yaml?optional=true");
        try {
            lenient.start();
            assertThat(lenient.getCamelContext().getRoute("greeter-parse")).isNotNull();
        } finally {
            lenient.stop();
        }
    }

    private static ExamplesApplication newApplication(int port, String... args) {
        ExamplesApplication application = new ExamplesApplication();
        application.addOverrideProperty("camel.server.port", String.valueOf(port));
        // keep the timers out of the way of the assertions
        application.addOverrideProperty("blazen.examples.greeter.delay", "600000");
        application.addOverrideProperty("blazen.examples.review.delay", "600000");
        application.parseArguments(args);
        return application;
    }

    private static CamelContext context() {
        return app.getCamelContext();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
