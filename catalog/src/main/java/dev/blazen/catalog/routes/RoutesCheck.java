package dev.blazen.catalog.routes;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.blazen.catalog.BlazenCatalog;
import dev.blazen.catalog.UriValidation;
import dev.blazen.catalog.routes.FoundUri.RouteDsl;
import dev.blazen.catalog.routes.RoutesReport.Finding;

/**
 * Validates every endpoint URI of a routes application (its Java and YAML route files) against the catalog, and
 * the {@code camel.component.*} options of its {@code application*.properties}.
 *
 * <p>Placeholders in URIs are resolved from the {@code application.properties} files found under the roots
 * (what camel-main loads by default); profile files ({@code application-dev.properties}) only apply when their
 * profile is active, so they are validated but not used to resolve.
 */
public final class RoutesCheck {

    private final BlazenCatalog catalog;

    public RoutesCheck(BlazenCatalog catalog) {
        this.catalog = catalog;
    }

    public RoutesReport run(List<Path> roots) throws IOException {
        List<Path> existing = roots.stream().filter(Files::isDirectory).toList();
        List<Path> files = new ArrayList<>();
        for (Path root : existing) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(RoutesCheck::isRelevant).sorted().forEach(files::add);
            }
        }
        List<Path> defaultProperties = files.stream()
                .filter(file -> file.getFileName().toString().equals("application.properties")).toList();
        PropertyPlaceholders placeholders = PropertyPlaceholders.load(defaultProperties);

        List<FoundUri> uris = new ArrayList<>();
        List<FoundUri> skipped = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".properties")) {
                findings.addAll(checkProperties(file, placeholders));
                continue;
            }
            RouteDsl dsl = name.endsWith(".java") ? RouteDsl.JAVA : RouteDsl.YAML;
            Function<String, List<UriOccurrence>> extractor = dsl == RouteDsl.JAVA
                    ? JavaRouteUris::extract : YamlRouteUris::extract;
            List<UriOccurrence> occurrences;
            try {
                occurrences = extractor.apply(Files.readString(file, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                // a route file that cannot be parsed would fail the application too
                findings.add(new Finding(file.toString(), "(the whole file)", List.of("cannot be parsed: " + e.getMessage())));
                continue;
            }
            for (UriOccurrence occurrence : occurrences) {
                FoundUri found = new FoundUri(file, dsl, occurrence.line(), occurrence.construct(), occurrence.role(),
                        occurrence.uri(), placeholders.resolve(occurrence.uri()));
                if (found.uri().startsWith("{{")) {
                    skipped.add(found);
                    continue;
                }
                uris.add(found);
                UriValidation validation = catalog.validate(found.uri(), found.role());
                if (!validation.isValid()) {
                    String subject = found.construct() + "(" + found.uri() + ")"
                            + (found.written().equals(found.uri()) ? "" : "  [written as " + found.written() + "]");
                    findings.add(new Finding(found.location(), subject, validation.problems()));
                }
            }
        }
        return new RoutesReport(existing, files, uris, skipped, findings);
    }

    private List<Finding> checkProperties(Path file, PropertyPlaceholders placeholders) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> sorted = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> sorted.put(key, properties.getProperty(key)));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Finding> findings = new ArrayList<>();
        sorted.forEach((key, value) -> {
            List<String> problems = catalog.validateComponentProperty(key, placeholders.resolve(value));
            if (!problems.isEmpty()) {
                findings.add(new Finding(file + lineOf(lines, key), key + "=" + value, problems));
            }
        });
        return findings;
    }

    /** ":n" for the line that defines {@code key} (java.util.Properties keeps no positions), or "" if not found. */
    private static String lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith(key) && (line.length() == key.length()
                    || "=: \t".indexOf(line.charAt(key.length())) >= 0)) {
                return ":" + (i + 1);
            }
        }
        return "";
    }

    private static boolean isRelevant(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".yaml") || name.endsWith(".yml")
                || (name.startsWith("application") && name.endsWith(".properties"));
    }
}
