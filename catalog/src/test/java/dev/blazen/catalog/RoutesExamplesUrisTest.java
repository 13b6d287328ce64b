package dev.blazen.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.blazen.catalog.routes.FoundUri.RouteDsl;
import dev.blazen.catalog.routes.RoutesCheck;
import dev.blazen.catalog.routes.RoutesReport;

/**
 * The build gate: every endpoint URI in routes-examples (Java and YAML) must be valid against the component
 * descriptor and Camel's catalog. routes-examples is read from disk (the pom passes its directories in
 * {@code blazen.routes.dirs}) because no module may depend on it.
 */
class RoutesExamplesUrisTest {

    // the same directories the pom passes, for runs outside Maven (the working directory is this module)
    private static final String DEFAULT_DIRS = "../routes-examples/src/main,../routes-examples/my-routes";

    @Test
    void everyEndpointUriInRoutesExamplesIsValid() throws Exception {
        List<Path> roots = Arrays.stream(System.getProperty("blazen.routes.dirs", DEFAULT_DIRS).split(","))
                .map(String::strip).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir).normalize()).toList();

        RoutesReport report = new RoutesCheck(BlazenCatalog.load()).run(roots);
        System.out.println(report.summary());
        report.uris().forEach(System.out::println);
        report.skipped().forEach(uri -> System.out.println("left to run time: " + uri));

        assertThat(report.roots()).as("routes-examples directories %s", roots).isNotEmpty();
        // without these the check could pass by finding nothing
        assertThat(report.count(RouteDsl.JAVA, BlazenCatalog.SCHEME))
                .as("blazen: URIs found in Java routes of %s", roots).isPositive();
        assertThat(report.count(RouteDsl.YAML, BlazenCatalog.SCHEME))
                .as("blazen: URIs found in YAML routes of %s", roots).isPositive();
        assertThat(report.findings()).withFailMessage(report::describeFindings).isEmpty();
    }
}
