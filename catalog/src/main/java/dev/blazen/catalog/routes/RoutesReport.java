package dev.blazen.catalog.routes;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import dev.blazen.catalog.routes.FoundUri.RouteDsl;

/**
 * What {@link RoutesCheck} read and what it found wrong.
 *
 * @param roots    the directories that existed and were read
 * @param files    the route and properties files read
 * @param uris     every endpoint URI validated
 * @param skipped  URIs that are one unresolvable placeholder as a whole ({@code to("{{target}}")}): nothing to
 *                 validate before run time
 * @param findings one entry per invalid URI, invalid component property or unreadable file
 */
public record RoutesReport(List<Path> roots, List<Path> files, List<FoundUri> uris, List<FoundUri> skipped,
        List<Finding> findings) {

    /**
     * @param location file:line
     * @param subject  the URI or property as found
     * @param problems what is wrong with it
     */
    public record Finding(String location, String subject, List<String> problems) {

        @Override
        public String toString() {
            return location + "\n    " + subject + "\n      - " + String.join("\n      - ", problems);
        }
    }

    public RoutesReport {
        roots = List.copyOf(roots);
        files = List.copyOf(files);
        uris = List.copyOf(uris);
        skipped = List.copyOf(skipped);
        findings = List.copyOf(findings);
    }

    public boolean isValid() {
        return findings.isEmpty();
    }

    public long count(RouteDsl dsl, String scheme) {
        return uris.stream().filter(uri -> uri.dsl() == dsl && uri.scheme().equals(scheme)).count();
    }

    /** The findings, one block each, for a build failure message. */
    public String describeFindings() {
        return findings.size() + " invalid endpoint URI(s) or option(s) in " + roots + ":\n"
                + findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }

    public String summary() {
        return "read " + files.size() + " files under " + roots + ": " + uris.size() + " endpoint URIs ("
                + count(RouteDsl.JAVA, "blazen") + " blazen in Java, " + count(RouteDsl.YAML, "blazen")
                + " blazen in YAML), " + skipped.size() + " left to run time, " + findings.size() + " invalid";
    }
}
