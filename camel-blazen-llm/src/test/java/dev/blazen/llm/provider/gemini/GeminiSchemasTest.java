package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.blazen.llm.provider.gemini.GeminiProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

class GeminiSchemasTest {

    @Test
    void keepsTheDocumentedSubsetAtEveryDepth() {
        JsonNode schema = json("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","$comment":"x","type":"object",
                 "properties":{
                   "tags":{"type":"array","items":{"type":"string","pattern":"^a","enum":["a","ab"]},"maxItems":3,
                           "uniqueItems":true},
                   "kind":{"anyOf":[{"type":"string","const":"a"},{"$ref":"#/$defs/Other"}]},
                   "properties":{"type":"object","additionalProperties":{"type":"integer","multipleOf":2}}},
                 "$defs":{"Other":{"type":"object","properties":{"n":{"type":"number","minimum":0}},"not":{}}},
                 "required":["tags"],"dependentRequired":{"a":["b"]}}""");
        assertThat(GeminiSchemas.sanitize(schema)).isEqualTo(json("""
                {"type":"object",
                 "properties":{
                   "tags":{"type":"array","items":{"type":"string","enum":["a","ab"]},"maxItems":3},
                   "kind":{"anyOf":[{"type":"string"},{"$ref":"#/$defs/Other"}]},
                   "properties":{"type":"object","additionalProperties":{"type":"integer"}}},
                 "$defs":{"Other":{"type":"object","properties":{"n":{"type":"number","minimum":0}}}},
                 "required":["tags"]}"""));
    }

    @Test
    void leavesBooleanAdditionalPropertiesAndNonObjectsAlone() {
        assertThat(GeminiSchemas.sanitize(json("{\"type\":\"object\",\"additionalProperties\":false}")))
                .isEqualTo(json("{\"type\":\"object\",\"additionalProperties\":false}"));
        assertThat(GeminiSchemas.sanitize(json("true"))).isEqualTo(json("true"));
    }
}
