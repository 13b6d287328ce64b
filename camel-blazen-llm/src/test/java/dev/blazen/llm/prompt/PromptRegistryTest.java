package dev.blazen.llm.prompt;

import dev.blazen.llm.chat.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PromptRegistryTest {

    private static final String SUMMARISER_YAML = """
            name: summariser
            version: "2"
            role: system
            template: |
              Summarise the following {{doc_type}} in {{style}} style.
              Limit your response to {{max_words}} words.
            """;

    @TempDir
    Path dir;

    @Test
    void registersAndRendersByName() {
        PromptRegistry registry = new PromptRegistry()
                .register("summariser", new PromptTemplate("Summarise the following {{doc_type}}.", Role.SYSTEM, null))
                .register("translator", new PromptTemplate("Translate the following text into {{lang}}.", Role.SYSTEM, null));

        assertThat(registry.render("summariser", Map.of("doc_type", "meeting transcript")).text())
                .isEqualTo("Summarise the following meeting transcript.");
        assertThat(registry.names()).containsExactly("summariser", "translator");
        assertThat(registry.get("translator").name()).isEqualTo("translator");
    }

    @Test
    void latestIsTheHighestVersionAndAVersionCanBePinned() {
        PromptRegistry registry = new PromptRegistry();
        for (String version : new String[] {"2", "10", "9", "1.10", "1.9"}) {
            registry.register(new PromptTemplate("greet", Role.USER, "v" + version + " {{x}}", version, null));
        }

        assertThat(registry.get("greet").version()).isEqualTo("10");
        assertThat(registry.versions("greet")).containsExactly("1.9", "1.10", "2", "9", "10");
        assertThat(registry.get("greet", "2").template()).isEqualTo("v2 {{x}}");
        assertThat(registry.render("greet", "1.10", Map.of("x", "!")).text()).isEqualTo("v1.10 !");
        assertThat(registry.find("greet", "3")).isEmpty();

        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class, () -> registry.get("greet", "3"));
        assertThat(error.kind()).isEqualTo(PromptRegistryError.Kind.NOT_FOUND);
        assertThat(error.getMessage()).contains("'greet'", "'3'", "10");
        assertThat(catchThrowableOfType(PromptRegistryError.class, () -> registry.get("nope")).kind())
                .isEqualTo(PromptRegistryError.Kind.NOT_FOUND);
    }

    @Test
    void anUnversionedTemplateIsOlderThanAnyVersion() {
        PromptRegistry registry = new PromptRegistry()
                .register(new PromptTemplate("greet", Role.USER, "plain", null, null))
                .register(new PromptTemplate("greet", Role.USER, "one", "1", null));

        assertThat(registry.get("greet").template()).isEqualTo("one");
        assertThat(registry.get("greet", null).template()).isEqualTo("plain");
    }

    @Test
    void aSecondRegistrationOfANameAndVersionIsADuplicate() {
        PromptRegistry registry = new PromptRegistry().register(new PromptTemplate("a", Role.USER, "x", "1", null));

        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class,
                () -> registry.register(new PromptTemplate("a", Role.USER, "y", "1", null)));

        assertThat(error.kind()).isEqualTo(PromptRegistryError.Kind.DUPLICATE);
        assertThat(error.getMessage()).contains("'a'", "'1'");
        assertThat(registry.get("a").template()).isEqualTo("x");
        assertThat(catchThrowableOfType(PromptRegistryError.class,
                () -> registry.register(new PromptTemplate("anonymous"))).kind())
                .isEqualTo(PromptRegistryError.Kind.MALFORMED);
    }

    @Test
    void loadsAYamlFileInTheDocumentedFormat() throws IOException {
        Path file = write("summariser.yaml", SUMMARISER_YAML);

        PromptRegistry registry = PromptRegistry.fromFile(file);
        PromptTemplate template = registry.get("summariser");

        assertThat(template.version()).isEqualTo("2");
        assertThat(template.role()).isEqualTo(Role.SYSTEM);
        assertThat(template.variables()).containsExactly("doc_type", "style", "max_words");
        assertThat(registry.render("summariser", "2", Map.of("doc_type", "memo", "style", "terse", "max_words", 50))
                .text()).isEqualTo("Summarise the following memo in terse style.\nLimit your response to 50 words.\n");
    }

    @Test
    void loadsJsonFilesListsAndYamlDocumentStreams() throws IOException {
        Path json = write("p.json", """
                [{"name": "a", "version": 3, "template": "A {{x}}", "description": "first"},
                 {"name": "b", "role": "assistant", "template": "B"}]
                """);
        Path yaml = write("q.yml", """
                name: c
                template: C
                ---
                name: c
                version: 7
                template: C7
                """);

        PromptRegistry registry = new PromptRegistry();
        assertThat(registry.loadFile(json)).hasSize(2);
        assertThat(registry.loadFile(yaml)).hasSize(2);

        assertThat(registry.get("a").version()).isEqualTo("3");
        assertThat(registry.get("a").description()).isEqualTo("first");
        assertThat(registry.get("b").role()).isEqualTo(Role.ASSISTANT);
        assertThat(registry.get("b").version()).isNull();
        assertThat(registry.get("c").template()).isEqualTo("C7");
        assertThat(registry.versions("c")).containsExactly(null, "7");
    }

    @Test
    void loadsEveryPromptFileOfADirectoryAndNothingElse() throws IOException {
        write("summariser.yaml", SUMMARISER_YAML);
        write("translator.yml", "name: translator\nrole: system\ntemplate: Translate into {{lang}}.\n");
        write("greeter.json", "{\"name\": \"greeter\", \"template\": \"Hi {{name}}\"}");
        write("notes.txt", "not a prompt");
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/hidden.yaml"), "name: hidden\ntemplate: x\n");

        PromptRegistry registry = PromptRegistry.fromDir(dir);

        assertThat(registry.names()).containsExactly("greeter", "summariser", "translator");
        assertThat(registry.list()).hasSize(3);
    }

    @Test
    void aDuplicateAcrossFilesNamesBothFilesAndLoadsNothing() throws IOException {
        Path first = write("a.yaml", "name: same\nversion: \"1\"\ntemplate: one\n");
        write("b.yaml", "name: other\ntemplate: fine\n");
        Path third = write("c.yaml", "name: same\nversion: \"1\"\ntemplate: two\n");
        PromptRegistry registry = new PromptRegistry();

        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class, () -> registry.loadDir(dir));

        assertThat(error.kind()).isEqualTo(PromptRegistryError.Kind.DUPLICATE);
        assertThat(error.file()).contains(third);
        assertThat(error.getMessage()).contains(third.toString(), first.toString(), "'same'");
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void aDuplicateOfAnAlreadyRegisteredPromptIsNamedWithTheFile() throws IOException {
        Path file = write("a.yaml", "name: same\ntemplate: one\n");
        PromptRegistry registry = new PromptRegistry().register(new PromptTemplate("same", Role.USER, "code", null, null));

        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class, () -> registry.loadFile(file));

        assertThat(error.kind()).isEqualTo(PromptRegistryError.Kind.DUPLICATE);
        assertThat(error.getMessage()).contains(file.toString(), "without a version");
    }

    @Test
    void malformedFilesAreTypedErrorsNamingTheFileAndTheProblem() throws IOException {
        assertMalformed("syntax.yaml", "name: x\ntemplate: [unclosed\n", "cannot be parsed");
        assertMalformed("syntax.json", "{\"name\": \"x\", \"template\": \"y\"", "cannot be parsed");
        assertMalformed("trailing.json", "{\"name\": \"x\", \"template\": \"y\"} {}", "cannot be parsed");
        assertMalformed("notemplate.yaml", "name: x\n", "missing 'template'");
        assertMalformed("noname.yaml", "template: x\n", "missing 'name'");
        assertMalformed("typo.yaml", "name: x\ntemplete: y\n", "unknown key 'templete'");
        assertMalformed("role.yaml", "name: x\nrole: tool\ntemplate: y\n", "role 'tool'");
        assertMalformed("decimal.yaml", "name: x\nversion: 1.10\ntemplate: y\n", "quote decimal versions");
        assertMalformed("number.yaml", "name: x\ntemplate: 5\n", "'template' must be a string");
        assertMalformed("scalar.yaml", "just text\n", "must be an object");
        assertMalformed("empty.yaml", "", "holds no prompt template");
        assertMalformed("placeholder.yaml", "name: x\ntemplate: \"Hi {{name\"\n", "never closed");
        assertMalformed("prompt.txt", "name: x\ntemplate: y\n", "must end in .yaml");
    }

    @Test
    void aMalformedFileInADirectoryLoadsNothing() throws IOException {
        write("good.yaml", "name: good\ntemplate: fine\n");
        Path bad = write("zbad.yaml", "name: bad\n");
        PromptRegistry registry = new PromptRegistry();

        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class, () -> registry.loadDir(dir));

        assertThat(error.file()).contains(bad);
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void aMissingFileOrDirectoryIsUnreadable() {
        Path missing = dir.resolve("missing.yaml");
        assertThat(catchThrowableOfType(PromptRegistryError.class, () -> PromptRegistry.fromFile(missing)).kind())
                .isEqualTo(PromptRegistryError.Kind.UNREADABLE);
        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class,
                () -> PromptRegistry.fromDir(dir.resolve("nodir")));
        assertThat(error.kind()).isEqualTo(PromptRegistryError.Kind.UNREADABLE);
        assertThat(error.getMessage()).contains("nodir");
    }

    private void assertMalformed(String name, String content, String problem) throws IOException {
        Path file = write(name, content);
        PromptRegistryError error = catchThrowableOfType(PromptRegistryError.class, () -> PromptRegistry.fromFile(file));
        assertThat(error).as(name).isNotNull();
        assertThat(error.kind()).as(name).isEqualTo(PromptRegistryError.Kind.MALFORMED);
        assertThat(error.file()).as(name).contains(file);
        assertThat(error.getMessage()).as(name).contains(file.toString(), problem);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
