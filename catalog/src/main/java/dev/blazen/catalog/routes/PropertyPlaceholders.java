package dev.blazen.catalog.routes;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Camel property placeholders ({@code {{key}}}, {@code {{key:default}}}, {@code {{?key}}}) in route URIs
 * from the application's properties files, as camel-main would at start-up.
 *
 * <p>What only the running application knows (functions such as {@code {{env:NAME}}}, keys no file defines) stays
 * a placeholder: camel-catalog skips a placeholder value instead of failing on it, so the rest of the URI is
 * still validated.
 */
public final class PropertyPlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    // Camel's built-in and vault placeholder functions: their values come from the environment at run time
    private static final Set<String> FUNCTIONS = Set.of("env", "sys", "service", "service.name", "service.host",
            "service.port", "bean", "ref", "aws", "gcp", "azure", "hashicorp", "ibm", "cyberark", "kubernetes",
            "configmap", "secret", "configmap-binary", "secret-binary");
    // property values may themselves hold placeholders; past this depth the definitions are circular
    private static final int MAX_DEPTH = 16;

    private final Properties properties;

    private PropertyPlaceholders(Properties properties) {
        this.properties = properties;
    }

    public static PropertyPlaceholders of(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return new PropertyPlaceholders(properties);
    }

    /** Later files override earlier ones, like camel-main's property locations. */
    public static PropertyPlaceholders load(Collection<Path> files) throws IOException {
        Properties properties = new Properties();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        return new PropertyPlaceholders(properties);
    }

    public String resolve(String text) {
        String current = text;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            String next = resolveOnce(current);
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }

    private String resolveOnce(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = lookup(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String lookup(String content) {
        String body = content.startsWith("?") ? content.substring(1) : content;
        int colon = body.indexOf(':');
        String key = colon < 0 ? body : body.substring(0, colon);
        if (colon >= 0 && FUNCTIONS.contains(key)) {
            return null;
        }
        String value = properties.getProperty(key);
        if (value != null) {
            return value;
        }
        return colon < 0 ? null : body.substring(colon + 1);
    }
}
