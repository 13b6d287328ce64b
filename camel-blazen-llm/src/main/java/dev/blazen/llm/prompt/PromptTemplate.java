package dev.blazen.llm.prompt;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.error.ValidationError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A chat message scaffold with "{{variable}}" placeholders (Blazen's {@code PromptTemplate}).
 *
 * <p>Syntax: "{{name}}" or "{{ name }}", where a name is letters, digits, '_', '.' and '-', starting with a letter
 * or '_'. A backslash before "{{" makes it literal text, so "\{{name}}" renders as "{{name}}"; two backslashes
 * before a placeholder render one backslash followed by the value. Any other backslash and a lone "}}" are literal
 * text. The template is parsed once, at construction, so malformed placeholders fail early and
 * {@link #variables()} is known up-front. Rendering is a single pass: placeholders inside values are not expanded.
 */
public final class PromptTemplate {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /** Literal text and placeholders in template order. */
    private sealed interface Segment {
    }

    private record Literal(String text) implements Segment {
    }

    private record Placeholder(String variable) implements Segment {
    }

    private final String name;
    private final Role role;
    private final String template;
    private final String version;
    private final String description;
    private final List<Segment> segments;
    private final List<String> variables;

    /**
     * @param name        the registry name, or null for an anonymous template
     * @param role        the role of the rendered message: system, user (the default when null) or assistant
     * @param template    the template text
     * @param version     an optional version label, used by {@link PromptRegistry} for pinning
     * @param description optional free text
     */
    public PromptTemplate(String name, Role role, String template, String version, String description) {
        if (template == null) {
            throw new ValidationError("template", "a prompt template needs its text");
        }
        if (role == Role.TOOL) {
            throw new ValidationError("role", "a prompt template renders a system, user or assistant message");
        }
        this.name = name;
        this.role = role == null ? Role.USER : role;
        this.template = template;
        this.version = version;
        this.description = description;
        this.segments = parse(template, name);
        Set<String> names = new LinkedHashSet<>();
        for (Segment segment : segments) {
            if (segment instanceof Placeholder p) {
                names.add(p.variable());
            }
        }
        this.variables = List.copyOf(names);
    }

    /** An anonymous user-role template. */
    public PromptTemplate(String template) {
        this(null, Role.USER, template, null, null);
    }

    public PromptTemplate(String template, Role role, String name) {
        this(name, role, template, null, null);
    }

    public PromptTemplate withName(String value) {
        return new PromptTemplate(value, role, template, version, description);
    }

    public PromptTemplate withVersion(String value) {
        return new PromptTemplate(name, role, template, value, description);
    }

    public PromptTemplate withDescription(String value) {
        return new PromptTemplate(name, role, template, version, value);
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public String template() {
        return template;
    }

    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** The distinct variable names in order of first use. */
    public List<String> variables() {
        return variables;
    }

    /** Renders the message; a variable without a (non-null) value fails with {@link MissingVariablesError}. */
    public ChatMessage render(Map<String, ?> values) {
        return new ChatMessage(role, List.of(new ContentPart.Text(renderText(values))), List.of(), null, null, null);
    }

    /** Renders the text only. */
    public String renderText(Map<String, ?> values) {
        List<String> missing = new ArrayList<>();
        StringBuilder out = new StringBuilder(template.length() + 64);
        for (Segment segment : segments) {
            if (segment instanceof Literal l) {
                out.append(l.text());
            } else if (segment instanceof Placeholder p) {
                Object value = values == null ? null : values.get(p.variable());
                if (value == null) {
                    if (!missing.contains(p.variable())) {
                        missing.add(p.variable());
                    }
                } else {
                    out.append(value);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingVariablesError(name, missing);
        }
        return out.toString();
    }

    /** Parses the template text; invalid placeholders fail with a ValidationError naming the offset. */
    private static List<Segment> parse(String text, String templateName) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("\\\\{{", i)) {
                literal.append('\\');
                i += 2;
            } else if (text.startsWith("\\{{", i)) {
                literal.append("{{");
                i += 3;
            } else if (text.startsWith("{{", i)) {
                int close = text.indexOf("}}", i + 2);
                if (close < 0) {
                    throw invalid(templateName, i, "'{{' is never closed (write \\{{ for a literal '{{')");
                }
                String variable = text.substring(i + 2, close).strip();
                if (!NAME.matcher(variable).matches()) {
                    throw invalid(templateName, i, "'" + text.substring(i, close + 2) + "' is not a valid placeholder");
                }
                if (!literal.isEmpty()) {
                    segments.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                segments.add(new Placeholder(variable));
                i = close + 2;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (!literal.isEmpty()) {
            segments.add(new Literal(literal.toString()));
        }
        return List.copyOf(segments);
    }

    private static ValidationError invalid(String templateName, int offset, String problem) {
        return new ValidationError("template", (templateName == null ? "prompt" : "prompt '" + templateName + "'")
                + " at offset " + offset + ": " + problem);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PromptTemplate t && Objects.equals(name, t.name) && role == t.role
                && template.equals(t.template) && Objects.equals(version, t.version)
                && Objects.equals(description, t.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, role, template, version);
    }

    @Override
    public String toString() {
        return "PromptTemplate[name=" + name + ", version=" + version + ", role=" + role.wireName() + ", variables="
                + variables + "]";
    }
}
