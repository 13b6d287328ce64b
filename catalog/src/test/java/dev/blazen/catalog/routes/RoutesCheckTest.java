package dev.blazen.catalog.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.blazen.catalog.BlazenCatalog;
import dev.blazen.catalog.routes.FoundUri.RouteDsl;
import dev.blazen.catalog.routes.RoutesReport.Finding;

class RoutesCheckTest {

    private final RoutesCheck check = new RoutesCheck(BlazenCatalog.load());

    @Test
    void validSamplePassesWithPlaceholdersResolved() throws Exception {
        RoutesReport report = check.run(List.of(sample("good"), sample("good").resolve("absent")));

        assertThat(report.findings()).as(report::describeFindings).isEmpty();
        assertThat(report.roots()).containsExactly(sample("good"));
        assertThat(report.count(RouteDsl.JAVA, "blazen")).isEqualTo(8);
        assertThat(report.count(RouteDsl.YAML, "blazen")).isEqualTo(4);
        assertThat(report.uris()).extracting(FoundUri::uri).contains(
                "timer:tick?period=5s",
                "blazen:step:orders/validate?accepts=StartEvent&maxConcurrency=4",
                "blazen:step:orders/enrich?collect=2&accepts=StartEvent,Validated&stepTimeout=45s",
                "log:audit?level=INFO");
        // a URI that is one placeholder no properties file defines is only known at run time
        assertThat(report.skipped()).extracting(FoundUri::uri).containsExactly("{{unset.uri}}");
    }

    @Test
    void brokenSampleFailsWithFileUriAndProblem() throws Exception {
        RoutesReport report = check.run(List.of(sample("broken")));

        assertThat(report.isValid()).isFalse();
        assertThat(report.findings()).extracting(f -> Path.of(f.location().replaceFirst(":\\d+$", "")).getFileName().toString()
                + " " + f.subject() + " " + f.problems()).containsExactlyInAnyOrder(
                "application.properties camel.component.blazen.max-in-fligth=3 "
                        + "[unknown option 'camel.component.blazen.max-in-fligth' (did you mean maxInFlight?)]",
                "BrokenRoutes.java from(blazen:step:orders/validate?acepts=StartEvent) "
                        + "[unknown option 'acepts' (did you mean accepts?)]",
                "BrokenRoutes.java to(blazen:workflow:orders?maxInFlight=abc) "
                        + "['maxInFlight' must be an integer, got 'abc']",
                "BrokenRoutes.java from(timer:tick?perod=5s) [unknown option 'perod' (did you mean period?)]",
                "BrokenRoutes.java to(blazen:step:orders/other) "
                        + "[blazen:step is a consumer endpoint but is used as a producer (use it in from)]",
                "broken.camel.yaml from(blazen:step:orders/enrich?accepts=StartEvent&stepTimeout=soon) "
                        + "['stepTimeout' must be a duration (for example 500, 30s, 5m, 1h30m), got 'soon']",
                "broken.camel.yaml to(blazen:workflow:orders?workflowTimeot=5m) "
                        + "[unknown option 'workflowTimeot' (did you mean workflowTimeout?)]");
        assertThat(report.findings()).extracting(Finding::location)
                .anyMatch(location -> location.endsWith("BrokenRoutes.java:10"));
        assertThat(report.describeFindings()).contains("7 invalid", "acepts", "workflowTimeot");
    }

    private Path sample(String name) throws URISyntaxException {
        return Path.of(getClass().getResource("/samples/" + name).toURI());
    }
}
