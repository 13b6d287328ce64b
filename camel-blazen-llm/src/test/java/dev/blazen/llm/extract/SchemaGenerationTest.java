package dev.blazen.llm.extract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaGenerationTest {

    enum Difficulty { EASY, MEDIUM, HARD }

    record Ingredient(String name, double amount, String unit) {
    }

    record Recipe(String title, List<Ingredient> ingredients, List<String> steps, Difficulty difficulty,
            Optional<String> notes) {
    }

    record Described(@JsonProperty("full_name") @JsonPropertyDescription("the person's full name") String name) {
    }

    @Test
    void recordBecomesAnObjectSchemaWithNestedListAndEnumFields() {
        JsonNode schema = JsonSchemas.forClass(Recipe.class);

        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.has("$schema")).isFalse();
        assertThat(names(schema.path("properties")))
                .containsExactly("title", "ingredients", "steps", "difficulty", "notes");
        assertThat(texts(schema.path("required"))).containsExactly("title", "ingredients", "steps", "difficulty");

        JsonNode ingredients = schema.path("properties").path("ingredients");
        assertThat(ingredients.path("type").asText()).isEqualTo("array");
        JsonNode ingredient = ingredients.path("items");
        assertThat(ingredient.path("type").asText()).isEqualTo("object");
        assertThat(ingredient.path("properties").path("amount").path("type").asText()).isEqualTo("number");
        assertThat(texts(ingredient.path("required"))).containsExactly("name", "amount", "unit");

        assertThat(schema.path("properties").path("steps").path("items").path("type").asText()).isEqualTo("string");
        assertThat(texts(schema.path("properties").path("difficulty").path("enum")))
                .containsExactly("EASY", "MEDIUM", "HARD");
    }

    record Category(String name, List<Category> children) {
    }

    @Test
    void recursiveTypesUseDefinitionsThatValidationFollows() {
        ExtractionSchema<Category> schema = ExtractionSchema.of(Category.class);

        assertThat(schema.schema().toString()).contains("$ref");
        Category tree = schema.parse("{\"name\":\"food\",\"children\":[{\"name\":\"fruit\",\"children\":[]}]}");
        assertThat(tree.children().get(0).name()).isEqualTo("fruit");
        assertThatThrownBy(() -> schema.parse("{\"name\":\"food\",\"children\":[{\"name\":3,\"children\":[]}]}"))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("$.children[0].name"));
    }

    @Test
    void jacksonAnnotationsNameAndDescribeProperties() {
        JsonNode schema = JsonSchemas.forClass(Described.class);

        assertThat(names(schema.path("properties"))).containsExactly("full_name");
        assertThat(schema.path("properties").path("full_name").path("description").asText())
                .isEqualTo("the person's full name");
    }

    @Test
    void loadsASchemaFromTheClasspath() {
        ExtractionSchema<JsonNode> schema = ExtractionSchema.load("classpath:schemas/recipe.json");

        assertThat(texts(schema.schema().path("required"))).containsExactly("title", "ingredients");
        assertThat(schema.parse("{\"title\":\"Soup\",\"ingredients\":[\"water\"]}").path("title").asText())
                .isEqualTo("Soup");
    }

    @Test
    void loadsASchemaFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("person.json");
        Files.writeString(file, "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}},"
                + "\"required\":[\"age\"]}");

        ExtractionSchema<JsonNode> byPath = ExtractionSchema.load(file);
        ExtractionSchema<JsonNode> byLocation = ExtractionSchema.load(file.toString());

        assertThat(byPath.parse("{\"age\": 41}").path("age").asInt()).isEqualTo(41);
        assertThatThrownBy(() -> byLocation.parse("{\"age\": \"old\"}"))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("$.age"));
    }

    @Test
    void missingOrBrokenSchemaSourcesAreValidationErrors(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"type\": ");

        assertThatThrownBy(() -> ExtractionSchema.load(dir.resolve("absent.json")))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("schema"))
                .hasMessageContaining("absent.json");
        assertThatThrownBy(() -> ExtractionSchema.load("classpath:schemas/absent.json"))
                .isInstanceOf(ValidationError.class)
                .hasMessageContaining("schemas/absent.json");
        assertThatThrownBy(() -> ExtractionSchema.load(broken))
                .isInstanceOf(ValidationError.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void mapSchemaValidatesLikeTheSameJson() {
        ExtractionSchema<JsonNode> schema = ExtractionSchema.of(Map.of(
                "type", "object",
                "properties", Map.of("tags", Map.of("type", "array", "items", Map.of("type", "string"))),
                "required", List.of("tags")));

        assertThat(schema.parse("{\"tags\":[\"a\",\"b\"]}").path("tags")).hasSize(2);
        assertThatThrownBy(() -> schema.parse("{\"tags\":[\"a\",7]}"))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("$.tags[1]"));
    }

    private static List<String> names(JsonNode object) {
        return iterate(object.fieldNames());
    }

    private static List<String> texts(JsonNode array) {
        return iterate(array.elements()).stream().map(JsonNode::asText).toList();
    }

    private static <E> List<E> iterate(java.util.Iterator<E> iterator) {
        List<E> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
