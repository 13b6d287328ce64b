package dev.blazen.llm.prompt;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PromptTemplateTest {

    @Test
    void rendersAMessageWithTheTemplatesRole() {
        PromptTemplate template = new PromptTemplate("Summarise the following {{doc_type}} in {{style}} style.",
                Role.SYSTEM, "summariser");

        ChatMessage message = template.render(Map.of("doc_type", "article", "style", "concise"));

        assertThat(message.role()).isEqualTo(Role.SYSTEM);
        assertThat(message.text()).isEqualTo("Summarise the following article in concise style.");
        assertThat(template.name()).isEqualTo("summariser");
    }

    @Test
    void defaultsToTheUserRoleAndRendersPlainText() {
        PromptTemplate template = new PromptTemplate("Hi {{ who }}!");

        assertThat(template.role()).isEqualTo(Role.USER);
        assertThat(template.render(Map.of("who", "Ada")).role()).isEqualTo(Role.USER);
        assertThat(template.renderText(Map.of("who", 42, "unused", "x"))).isEqualTo("Hi 42!");
    }

    @Test
    void extractsVariablesAtConstructionInOrderOfFirstUse() {
        PromptTemplate template = new PromptTemplate("Hello {{name}}, welcome to {{ place }}! Bye {{name}}.");

        assertThat(template.variables()).containsExactly("name", "place");
        assertThat(new PromptTemplate("no placeholders { here }").variables()).isEmpty();
    }

    @Test
    void aMissingVariableFailsNamingEveryMissingOne() {
        PromptTemplate template = new PromptTemplate(null, Role.SYSTEM,
                "Summarise the {{doc_type}} in {{style}} style in {{max_words}} words; {{style}} matters.", null, null)
                .withName("summariser");

        MissingVariablesError error = catchThrowableOfType(MissingVariablesError.class,
                () -> template.render(Map.of("doc_type", "memo")));

        assertThat(error).isInstanceOf(ValidationError.class);
        assertThat(error.missing()).containsExactly("style", "max_words");
        assertThat(error.getMessage()).contains("summariser", "style", "max_words").doesNotContain("doc_type");
    }

    @Test
    void aNullValueCountsAsMissing() {
        Map<String, Object> values = new HashMap<>();
        values.put("name", null);

        assertThatThrownBy(() -> new PromptTemplate("Hi {{name}}").render(values))
                .isInstanceOfSatisfying(MissingVariablesError.class, e -> assertThat(e.missing()).containsExactly("name"));
        assertThatThrownBy(() -> new PromptTemplate("Hi {{name}}").render(null))
                .isInstanceOf(MissingVariablesError.class);
    }

    @Test
    void aBackslashMakesDoubleBracesLiteral() {
        PromptTemplate template = new PromptTemplate("Write \\{{name}} to refer to {{subject}}.");

        assertThat(template.variables()).containsExactly("subject");
        assertThat(template.renderText(Map.of("subject", "a user"))).isEqualTo("Write {{name}} to refer to a user.");
    }

    @Test
    void twoBackslashesRenderOneBackslashBeforeTheValue() {
        PromptTemplate template = new PromptTemplate("C:\\\\{{dir}} and a \\ stray");

        assertThat(template.variables()).containsExactly("dir");
        assertThat(template.renderText(Map.of("dir", "temp"))).isEqualTo("C:\\temp and a \\ stray");
    }

    @Test
    void valuesAreInsertedVerbatimWithoutExpandingPlaceholdersInThem() {
        PromptTemplate template = new PromptTemplate("Q: {{question}} ({{secret}})");

        assertThat(template.renderText(Map.of("question", "what is {{secret}}?", "secret", "s3")))
                .isEqualTo("Q: what is {{secret}}? (s3)");
    }

    @Test
    void malformedPlaceholdersFailAtConstruction() {
        assertThatThrownBy(() -> new PromptTemplate("Hello {{name"))
                .isInstanceOf(ValidationError.class).hasMessageContaining("never closed").hasMessageContaining("offset 6");
        assertThatThrownBy(() -> new PromptTemplate("Hello {{first name}}"))
                .isInstanceOf(ValidationError.class).hasMessageContaining("'{{first name}}'");
        assertThatThrownBy(() -> new PromptTemplate("Hello {{}}")).isInstanceOf(ValidationError.class);
    }

    @Test
    void aTemplateCannotRenderAToolMessage() {
        assertThatThrownBy(() -> new PromptTemplate("x", Role.TOOL, "t")).isInstanceOf(ValidationError.class);
    }

    @Test
    void copiesChangeOneFieldAndKeepTheRest() {
        PromptTemplate template = new PromptTemplate("{{a}}", Role.ASSISTANT, "n").withVersion("3")
                .withDescription("d");

        assertThat(template.version()).isEqualTo("3");
        assertThat(template.description()).isEqualTo("d");
        assertThat(template.role()).isEqualTo(Role.ASSISTANT);
        assertThat(template.variables()).containsExactly("a");
        assertThat(template).isEqualTo(new PromptTemplate("n", Role.ASSISTANT, "{{a}}", "3", "d"));
    }
}
