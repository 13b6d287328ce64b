package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.tool.annotation.ToolParam;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeanToolsTest {

    enum Unit { CELSIUS, FAHRENHEIT }

    record Place(String city, String country) {
    }

    public static class WeatherBean {
        @dev.blazen.llm.tool.annotation.Tool(name = "get_weather", description = "Current weather for a city")
        public Map<String, Object> weather(@ToolParam(description = "the city name") String city, Unit unit,
                Optional<Integer> days, @ToolParam(required = false) Boolean verbose) {
            return Map.of("city", city, "unit", unit.name(), "days", days.orElse(1), "verbose", verbose != null);
        }

        @dev.blazen.llm.tool.annotation.Tool(description = "Where a place is")
        public ToolOutput locate(Place place, List<String> tags) {
            return ToolOutput.withOverride(HttpTransport.JSON.valueToTree(place),
                    new LlmPayload.Text(place.city() + " " + tags));
        }

        @dev.blazen.llm.tool.annotation.Tool(description = "Always fails")
        public String fail() {
            throw new IllegalStateException("broken");
        }

        public String notATool() {
            return "";
        }
    }

    static JsonNode json(String text) {
        try {
            return HttpTransport.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Tool named(List<Tool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void annotatedMethodsBecomeToolsWithSchemasDerivedFromTheirParameters() {
        List<Tool> tools = BeanTools.of(new WeatherBean());

        assertThat(tools).extracting(Tool::name).containsExactlyInAnyOrder("get_weather", "locate", "fail");
        Tool weather = named(tools, "get_weather");
        assertThat(weather.definition().description()).isEqualTo("Current weather for a city");
        assertThat(weather.definition().parameters()).isEqualTo(json("""
                {"type":"object","properties":{
                   "city":{"type":"string","description":"the city name"},
                   "unit":{"type":"string","enum":["CELSIUS","FAHRENHEIT"]},
                   "days":{"type":"integer"},
                   "verbose":{"type":"boolean"}},
                 "required":["city","unit"],"additionalProperties":false}"""));

        JsonNode locate = named(tools, "locate").definition().parameters();
        assertThat(locate.at("/properties/place/type").asText()).isEqualTo("object");
        assertThat(locate.at("/properties/place/properties/city/type").asText()).isEqualTo("string");
        assertThat(locate.at("/properties/tags/type").asText()).isEqualTo("array");
        assertThat(locate.path("required")).isEqualTo(json("[\"place\",\"tags\"]"));
    }

    @Test
    void argumentsAreConvertedToTheParameterTypesAndTheReturnValueBecomesTheData() {
        Tool weather = named(BeanTools.of(new WeatherBean()), "get_weather");

        ToolOutput output = weather.execute(json("{\"city\":\"Paris\",\"unit\":\"CELSIUS\",\"days\":3}"));

        assertThat(output.data()).isEqualTo(json("{\"city\":\"Paris\",\"unit\":\"CELSIUS\",\"days\":3,\"verbose\":false}"));
        assertThat(output.llmOverride()).isNull();
    }

    @Test
    void aReturnedToolOutputKeepsItsOverride() {
        ToolOutput output = named(BeanTools.of(new WeatherBean()), "locate")
                .execute(json("{\"place\":{\"city\":\"Oslo\",\"country\":\"NO\"},\"tags\":[\"cold\"]}"));
        assertThat(output.data()).isEqualTo(json("{\"city\":\"Oslo\",\"country\":\"NO\"}"));
        assertThat(output.llmOverride()).isEqualTo(new LlmPayload.Text("Oslo [cold]"));
    }

    @Test
    void missingOrMistypedArgumentsAndToolExceptionsAreReported() {
        List<Tool> tools = BeanTools.of(new WeatherBean());
        assertThatThrownBy(() -> named(tools, "get_weather").execute(json("{\"unit\":\"CELSIUS\"}")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("city");
        assertThatThrownBy(() -> named(tools, "get_weather").execute(json("{\"city\":\"x\",\"unit\":\"KELVIN\"}")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("unit");
        assertThatThrownBy(() -> named(tools, "fail").execute(json("{}")))
                .isInstanceOf(IllegalStateException.class).hasMessage("broken");
    }

    @Test
    void aBeanWithoutToolsIsRejected() {
        assertThatThrownBy(() -> BeanTools.of(new Object())).isInstanceOf(ValidationError.class);
    }

    record AddArgs(int a, int b) {
    }

    record Sum(int sum) {
    }

    @Test
    void typedToolsDeriveTheirSchemaFromTheArgumentsClass() {
        TypedTool<AddArgs, Sum> add = TypedTool.of("add", "Adds two numbers", AddArgs.class, args -> new Sum(args.a() + args.b()));

        assertThat(add.definition().parameters()).isEqualTo(json("""
                {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},
                 "required":["a","b"],"additionalProperties":false}"""));
        assertThat(add.execute(json("{\"a\":2,\"b\":3}")).data()).isEqualTo(json("{\"sum\":5}"));
        assertThatThrownBy(() -> add.execute(json("{\"a\":\"two\"}"))).isInstanceOf(ValidationError.class)
                .hasMessageContaining("AddArgs");
    }
}
