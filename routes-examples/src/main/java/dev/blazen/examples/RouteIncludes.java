package dev.blazen.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The route patterns the application loads: camel-main's own {@code routesIncludePattern} plus the extra patterns the
 * user named on the command line or in {@code blazen.examples.routes}. Relative {@code file:} patterns are resolved
 * against a base directory, because {@code mvn -pl routes-examples exec:java} runs with the reactor root as working
 * directory while users write paths relative to this module.
 */
final class RouteIncludes {

    static final String FILE_PREFIX = "file:";
    static final String OPTIONAL_SUFFIX = "?optional=true";

    private RouteIncludes() {
    }

    /** Splits a comma-separated pattern list, dropping blanks. */
    static List<String> split(String patterns) {
        if (patterns == null || patterns.isBlank()) {
            return List.of();
        }
        return Arrays.stream(patterns.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * A user pattern made absolute: {@code file:my-routes/*.yaml} becomes {@code file:<baseDir>/my-routes/*.yaml};
     * absolute file patterns and other schemes ({@code classpath:}) are kept as they are.
     */
    static String resolve(String pattern, Path baseDir) {
        if (!pattern.startsWith(FILE_PREFIX)) {
            return pattern;
        }
        String path = pattern.substring(FILE_PREFIX.length());
        if (path.isEmpty() || Path.of(pathPart(path)).isAbsolute()) {
            return pattern;
        }
        String base = baseDir.toAbsolutePath().normalize().toString().replace('\\', '/');
        return FILE_PREFIX + (base.endsWith("/") ? base : base + "/") + path;
    }

    /**
     * The combined include pattern: the configured one first, then the extra patterns (resolved, de-duplicated, in the
     * order given).
     */
    static String combine(String configured, List<String> extra, Path baseDir) {
        Set<String> all = new LinkedHashSet<>(split(configured));
        for (String pattern : extra) {
            all.add(resolve(pattern, baseDir));
        }
        return String.join(",", all);
    }

    static boolean isOptional(String pattern) {
        return pattern.endsWith(OPTIONAL_SUFFIX);
    }

    static String withoutOptional(String pattern) {
        return isOptional(pattern) ? pattern.substring(0, pattern.length() - OPTIONAL_SUFFIX.length()) : pattern;
    }

    /** The literal directory part of a path with wildcards, so Path.of never sees '*' (invalid on Windows). */
    private static String pathPart(String path) {
        String plain = withoutOptional(path);
        for (int i = 0; i < plain.length(); i++) {
            if ("*?{[".indexOf(plain.charAt(i)) >= 0) {
                return plain.substring(0, i);
            }
        }
        return plain;
    }
}
