package dev.blazen.llm.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.provider.defaults.ConfiguredProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtractorTest {

    enum Difficulty { EASY, MEDIUM, HARD }

    record Recipe(String title, List<String> ingredients, Difficulty difficulty, Optional<String> notes) {
    }

    record Ingredient(String name, int grams) {
    }

    record Pantry(List<Ingredient> items) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ChatMessage> ASK = List.of(ChatMessage.user("Give me a cookie recipe."));
    private static final String COOKIES =
            "{\"title\":\"Cookies\",\"ingredients\":[\"flour\",\"butter\",\"sugar\"],\"difficulty\":\"EASY\"}";

    @Test
    void extractsARecordWithTheCompletionsMetadata() {
        ScriptedModel model = ScriptedModel.answering(COOKIES);

        StructuredResponse<Recipe> result = Extractor.extract(model, Recipe.class, ASK);

        assertThat(result.data()).isEqualTo(new Recipe("Cookies", List.of("flour", "butter", "sugar"),
                Difficulty.EASY, Optional.empty()));
        assertThat(result.usage()).isEqualTo(TokenUsage.of(12, 34));
        assertThat(result.model()).isEqualTo("scripted-1");
        assertThat(result.cost()).isEqualTo(0.0021);
        assertThat(result.timing()).isEqualTo(RequestTiming.total(40));
    }

    @Test
    void optionalFieldsConvertWhenPresent() {
        ScriptedModel model = ScriptedModel.answering(
                "{\"title\":\"Cookies\",\"ingredients\":[],\"difficulty\":\"HARD\",\"notes\":\"chill the dough\"}");

        Recipe recipe = Extractor.extract(model, Recipe.class, ASK).data();

        assertThat(recipe.notes()).contains("chill the dough");
        assertThat(recipe.difficulty()).isEqualTo(Difficulty.HARD);
    }

    @Test
    void requestCarriesTheSchemaAsResponseFormatAndAnInstruction() {
        ScriptedModel model = ScriptedModel.answering(COOKIES);
        ExtractionSchema<Recipe> schema = ExtractionSchema.of(Recipe.class);

        Extractor.extract(model, schema, CompletionRequest.of(ASK).withTemperature(0.2));

        CompletionRequest sent = model.requests.get(0);
        assertThat(sent.responseFormat()).isEqualTo(schema.schema());
        assertThat(sent.temperature()).isEqualTo(0.2);
        assertThat(sent.messages()).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
        String instruction = sent.messages().get(0).text();
        assertThat(instruction).startsWith("Answer only with JSON").contains("\"difficulty\"");
        assertThat(sent.messages().get(1).text()).isEqualTo("Give me a cookie recipe.");
    }

    @Test
    void toleratesFencesAndProseAroundTheJson() {
        ExtractionSchema<Recipe> schema = ExtractionSchema.of(Recipe.class);
        Recipe expected = new Recipe("Cookies", List.of("flour", "butter", "sugar"), Difficulty.EASY,
                Optional.empty());

        assertThat(schema.parse("```json\n" + COOKIES + "\n```")).isEqualTo(expected);
        assertThat(schema.parse("Sure! Here it is:\n```\n" + COOKIES + "\n```\nEnjoy baking.")).isEqualTo(expected);
        assertThat(schema.parse("Here is the recipe [as asked]: " + COOKIES + " Let me know if {anything} else."))
                .isEqualTo(expected);
        assertThat(schema.parse("  \n" + COOKIES + "\n")).isEqualTo(expected);
    }

    @Test
    void toleratesAFencedArray() {
        ExtractionSchema<JsonNode> schema = ExtractionSchema.of(JSON.createObjectNode().put("type", "array"));

        assertThat(schema.parse("The list:\n```json\n[1, 2, 3]\n```")).hasSize(3);
    }

    @Test
    void validationFailureNamesTheJsonPathAndListsTheViolations() {
        ScriptedModel model = ScriptedModel.answering(
                "{\"title\":\"Cookies\",\"ingredients\":[\"flour\",\"butter\",42],\"difficulty\":\"SIMPLE\"}");

        assertThatThrownBy(() -> Extractor.extract(model, Recipe.class, ASK))
                .isInstanceOfSatisfying(ValidationError.class, e -> {
                    assertThat(e.field()).contains("$.ingredients[2]");
                    assertThat(e.getMessage()).contains("$.ingredients[2]: integer found, string expected")
                            .contains("$.difficulty").contains("enumeration");
                });
    }

    @Test
    void theFirstViolationIsTheField() {
        ExtractionSchema<Recipe> schema = ExtractionSchema.of(Recipe.class);

        assertThatThrownBy(() -> schema.parse(
                "{\"title\":\"Cookies\",\"ingredients\":[\"flour\",\"butter\",42],\"difficulty\":\"EASY\"}"))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("$.ingredients[2]"))
                .hasMessageContaining("string");
    }

    @Test
    void missingRequiredPropertyIsReportedAtTheProperty() {
        ExtractionSchema<Recipe> schema = ExtractionSchema.of(Recipe.class);

        assertThatThrownBy(() -> schema.parse("{\"ingredients\":[],\"difficulty\":\"EASY\"}"))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$.title"))
                .hasMessageContaining("title");
    }

    @Test
    void wrongTypesAndExtraPropertiesAreRejected() {
        ExtractionSchema<Recipe> schema = ExtractionSchema.of(Recipe.class);

        assertThatThrownBy(() -> schema.parse("{\"title\":7,\"ingredients\":[],\"difficulty\":\"EASY\"}"))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$.title"));
        assertThatThrownBy(() -> schema.parse("{\"title\":\"x\",\"ingredients\":\"flour\",\"difficulty\":\"EASY\"}"))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$.ingredients"));
        assertThatThrownBy(() -> schema.parse(
                "{\"title\":\"x\",\"ingredients\":[],\"difficulty\":\"EASY\",\"calories\":500}"))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$.calories"))
                .hasMessageContaining("calories");
        assertThatThrownBy(() -> schema.parse("[\"title\"]"))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$"));
    }

    @Test
    void unparseableAnswerIsAValidationErrorAtTheRootQuotingTheContent() {
        ScriptedModel model = ScriptedModel.answering("I cannot share recipes, sorry. {not json at all");

        assertThatThrownBy(() -> Extractor.extract(model, Recipe.class, ASK))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$"))
                .hasMessageContaining("not JSON")
                .hasMessageContaining("I cannot share recipes");
    }

    @Test
    void emptyAnswerIsAValidationError() {
        assertThatThrownBy(() -> ExtractionSchema.of(Recipe.class).parse("   "))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$"))
                .hasMessageContaining("no content");
    }

    @Test
    void conversionFailureNamesThePath() {
        // the hand-written schema allows any numbers; the record needs whole grams
        ExtractionSchema<Pantry> schema = ExtractionSchema.of(JSON.createObjectNode().put("type", "object"))
                .as(Pantry.class);

        assertThat(schema.parse("{\"items\":[{\"name\":\"rice\",\"grams\":500}]}"))
                .isEqualTo(new Pantry(List.of(new Ingredient("rice", 500))));
        assertThatThrownBy(() -> schema.parse("{\"items\":[{\"name\":\"rice\",\"grams\":500},"
                + "{\"name\":\"salt\",\"grams\":\"a pinch\"}]}"))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("$.items[1].grams"))
                .hasMessageContaining("Pantry");
    }

    @Test
    void jsonSchemaSourcesGiveJsonNodes() {
        ScriptedModel model = ScriptedModel.answering("{\"title\":\"Soup\",\"ingredients\":[\"water\"],\"servings\":2}");

        StructuredResponse<JsonNode> result = Extractor.extract(model,
                ExtractionSchema.load("classpath:schemas/recipe.json"), ASK);

        assertThat(result.data().path("servings").asInt()).isEqualTo(2);
        assertThat(model.requests.get(0).responseFormat().path("required").get(0).asText()).isEqualTo("title");
    }

    @Test
    void aSingleToolCallStandsInForEmptyContent() throws Exception {
        ScriptedModel model = ScriptedModel.callingTool(new ToolCall("call_1", "respond", JSON.readTree(COOKIES)));

        assertThat(Extractor.extract(model, Recipe.class, ASK).data().title()).isEqualTo("Cookies");
    }

    @Test
    void extractsAsynchronously() {
        ScriptedModel model = ScriptedModel.answering(COOKIES);

        Recipe recipe = Extractor.extractAsync(model, ExtractionSchema.of(Recipe.class), CompletionRequest.of(ASK))
                .join().data();

        assertThat(recipe.title()).isEqualTo("Cookies");
    }

    @Test
    void extractionThroughAConfiguredProviderKeepsItsSystemPrompt() {
        ScriptedModel model = ScriptedModel.answering(COOKIES);
        ConfiguredProvider provider = ConfiguredProvider.wrap(model).withSystemPrompt("Be terse.");

        Extractor.extract(provider, Recipe.class, ASK);

        List<ChatMessage> sent = model.requests.get(0).messages();
        assertThat(sent).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER);
        assertThat(sent.get(0).text()).isEqualTo("Be terse.");
        assertThat(sent.get(1).text()).startsWith("Answer only with JSON");
    }
}
