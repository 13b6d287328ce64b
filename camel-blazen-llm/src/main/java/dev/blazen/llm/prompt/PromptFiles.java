package dev.blazen.llm.prompt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.error.ValidationError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads prompt files in the format of Blazen's prompt guide: an object with {@code name}, {@code template} and the
 * optional {@code version}, {@code role} and {@code description}. A file may also hold a list of such objects, and
 * a YAML file several documents. Unknown keys are errors, so a misspelt key does not silently drop a field.
 */
final class PromptFiles {

    private static final Set<String> KEYS = Set.of("name", "version", "role", "template", "description");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PromptFiles() {
    }

    static boolean isPromptFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    static List<PromptTemplate> read(Path file) {
        if (!isPromptFile(file)) {
            throw malformed(file, "not a prompt file: the name must end in .yaml, .yml or .json");
        }
        List<JsonNode> documents = new ArrayList<>();
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                documents.add(JSON.readTree(file.toFile()));
            } else {
                try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    // the checked forms: hasNext() would wrap a parse error in an unchecked exception
                    while (values.hasNextValue()) {
                        documents.add(values.nextValue());
                    }
                }
            }
        } catch (JacksonException e) {
            throw malformed(file, "cannot be parsed: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new PromptRegistryError(PromptRegistryError.Kind.UNREADABLE, file, "cannot be read: " + e);
        }
        List<PromptTemplate> templates = new ArrayList<>();
        for (JsonNode document : documents) {
            if (document == null || document.isMissingNode() || document.isNull()) {
                continue;
            }
            if (document.isArray()) {
                for (JsonNode entry : document) {
                    templates.add(toTemplate(file, entry));
                }
            } else {
                templates.add(toTemplate(file, document));
            }
        }
        if (templates.isEmpty()) {
            throw malformed(file, "holds no prompt template");
        }
        return templates;
    }

    static List<Path> promptFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PromptRegistryError(PromptRegistryError.Kind.UNREADABLE, dir, "is not a directory");
        }
        try (var entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).filter(PromptFiles::isPromptFile).sorted().toList();
        } catch (IOException e) {
            throw new PromptRegistryError(PromptRegistryError.Kind.UNREADABLE, dir, "cannot be listed: " + e);
        }
    }

    private static PromptTemplate toTemplate(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw malformed(file, "a prompt must be an object with name and template, found " + node.getNodeType());
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw malformed(file, "unknown key '" + key + "' (expected " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        String name = text(file, node, "name", true);
        String template = text(file, node, "template", true);
        String version = version(file, node);
        String description = text(file, node, "description", false);
        String role = text(file, node, "role", false);
        try {
            return new PromptTemplate(name, role(file, name, role), template, version, description);
        } catch (ValidationError e) {
            throw malformed(file, e.getMessage());
        }
    }

    private static String text(Path file, JsonNode node, String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw malformed(file, "missing '" + key + "'");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(file, "'" + key + "' must be a string, found " + value.getNodeType());
        }
        if (required && value.asText().isBlank()) {
            throw malformed(file, "'" + key + "' is empty");
        }
        return value.asText();
    }

    /** Accepts a string or a whole number; a decimal like 1.10 would already have lost its text, so it must be quoted. */
    private static String version(Path file, JsonNode node) {
        JsonNode value = node.get("version");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() && !value.asText().isBlank()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        throw malformed(file, "'version' must be a string or a whole number (quote decimal versions such as \"1.10\")");
    }

    private static Role role(Path file, String name, String role) {
        if (role == null) {
            return Role.USER;
        }
        return switch (role.strip().toLowerCase(Locale.ROOT)) {
            case "system" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default -> throw malformed(file, "prompt '" + name + "' has role '" + role
                    + "' (expected system, user or assistant)");
        };
    }

    private static PromptRegistryError malformed(Path file, String problem) {
        return new PromptRegistryError(PromptRegistryError.Kind.MALFORMED, file, problem);
    }
}
