package dev.blazen.llm.prompt;

import dev.blazen.llm.chat.ChatMessage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Named, versioned prompt templates (Blazen's {@code PromptRegistry}). {@link #get(String)} returns the latest
 * version of a name (versions compare numerically where they are numbers, see {@link VersionOrder}); {@link
 * #get(String, String)} pins one. Templates load from YAML or JSON files; a load is all or nothing, so a bad file
 * leaves the registry as it was. Thread-safe.
 */
public final class PromptRegistry {

    /** A registered template and the file it came from (null when registered in code). */
    private record Entry(PromptTemplate template, Path source) {
    }

    /** name, then version (null for unversioned) in version order */
    private final Map<String, TreeMap<String, Entry>> byName = new TreeMap<>();

    public static PromptRegistry fromFile(Path file) {
        PromptRegistry registry = new PromptRegistry();
        registry.loadFile(file);
        return registry;
    }

    /** A registry of every .yaml, .yml and .json file in {@code dir} (not its subdirectories). */
    public static PromptRegistry fromDir(Path dir) {
        PromptRegistry registry = new PromptRegistry();
        registry.loadDir(dir);
        return registry;
    }

    /** Registers a named template; its name and version must not be registered yet. */
    public PromptRegistry register(PromptTemplate template) {
        if (template.name() == null || template.name().isBlank()) {
            throw new PromptRegistryError(PromptRegistryError.Kind.MALFORMED, null,
                    "a registered template needs a name");
        }
        addAll(List.of(new Entry(template, null)));
        return this;
    }

    /** Registers a template under {@code name} (replacing the template's own name). */
    public PromptRegistry register(String name, PromptTemplate template) {
        return register(template.withName(name));
    }

    /** Loads the templates of one file and returns them. */
    public List<PromptTemplate> loadFile(Path file) {
        List<PromptTemplate> templates = PromptFiles.read(file);
        addAll(templates.stream().map(t -> new Entry(t, file)).toList());
        return templates;
    }

    /** Loads every prompt file of a directory in name order and returns the templates. */
    public List<PromptTemplate> loadDir(Path dir) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : PromptFiles.promptFilesIn(dir)) {
            PromptFiles.read(file).forEach(t -> entries.add(new Entry(t, file)));
        }
        addAll(entries);
        return entries.stream().map(Entry::template).toList();
    }

    /** The latest version of {@code name}. */
    public PromptTemplate get(String name) {
        return find(name).orElseThrow(() -> notFound("no prompt named '" + name + "'"));
    }

    /** Exactly {@code version} of {@code name}. */
    public PromptTemplate get(String name, String version) {
        return find(name, version).orElseThrow(() -> notFound("no prompt named '" + name + "' with version '"
                + version + "' (registered: " + versions(name) + ")"));
    }

    public synchronized Optional<PromptTemplate> find(String name) {
        TreeMap<String, Entry> versions = byName.get(name);
        return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue().template());
    }

    public synchronized Optional<PromptTemplate> find(String name, String version) {
        TreeMap<String, Entry> versions = byName.get(name);
        return versions == null ? Optional.empty()
                : Optional.ofNullable(versions.get(version)).map(Entry::template);
    }

    /** The versions of {@code name}, oldest first; an unversioned template appears as null. */
    public synchronized List<String> versions(String name) {
        TreeMap<String, Entry> versions = byName.get(name);
        return versions == null ? List.of() : new ArrayList<>(versions.keySet());
    }

    /** Every registered template, by name and then version. */
    public synchronized List<PromptTemplate> list() {
        return byName.values().stream().flatMap(v -> v.values().stream()).map(Entry::template).toList();
    }

    public synchronized List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Renders the latest version of {@code name}. */
    public ChatMessage render(String name, Map<String, ?> values) {
        return get(name).render(values);
    }

    public ChatMessage render(String name, String version, Map<String, ?> values) {
        return get(name, version).render(values);
    }

    /** Checks every entry against the registry and against each other first, so that a failure adds nothing. */
    private synchronized void addAll(List<Entry> entries) {
        Map<String, Map<String, Entry>> incoming = new HashMap<>();
        for (Entry entry : entries) {
            PromptTemplate template = entry.template();
            Entry existing = registered(template);
            if (existing == null && incoming.containsKey(template.name())) {
                existing = incoming.get(template.name()).get(template.version());
            }
            if (existing != null) {
                throw new PromptRegistryError(PromptRegistryError.Kind.DUPLICATE, entry.source(), "prompt '"
                        + template.name() + "' " + (template.version() == null ? "without a version"
                        : "version '" + template.version() + "'") + " is already registered"
                        + (existing.source() == null ? "" : " from " + existing.source()));
            }
            incoming.computeIfAbsent(template.name(), n -> new HashMap<>()).put(template.version(), entry);
        }
        incoming.forEach((name, versions) -> byName.computeIfAbsent(name, n -> new TreeMap<>(VersionOrder.INSTANCE))
                .putAll(versions));
    }

    private Entry registered(PromptTemplate template) {
        TreeMap<String, Entry> versions = byName.get(template.name());
        return versions == null ? null : versions.get(template.version());
    }

    private static PromptRegistryError notFound(String problem) {
        return new PromptRegistryError(PromptRegistryError.Kind.NOT_FOUND, null, problem);
    }
}
