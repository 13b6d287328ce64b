package dev.blazen.camel.memory;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.Memory;
import dev.blazen.memory.WordEmbedder;
import dev.blazen.memory.inmemory.InMemoryBackend;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** blazen:memory over every operation, from Java and YAML routes. */
class MemoryEndpointTest extends CamelTestSupport {

    final WordEmbedder words = new WordEmbedder();
    final Memory registered = Memory.local(new InMemoryBackend());

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("words", words);
        camel.getRegistry().bind("mine", registered);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:add").to("blazen:memory:docs?operation=add&model=%23words");
                from("direct:search").to("blazen:memory:docs?operation=search&model=%23words&limit=2");
                from("direct:searchGeo").to("blazen:memory:docs?model=%23words&filter=RAW({\"category\":\"geo\"})"
                        + "&scoreThreshold=0.3");
                from("direct:searchLocal").to("blazen:memory:docs?operation=searchLocal&model=%23words&limit=1");
                from("direct:get").to("blazen:memory:docs?operation=get&model=%23words");
                from("direct:delete").to("blazen:memory:docs?operation=delete&model=%23words");
                from("direct:count").to("blazen:memory:docs?operation=count&model=%23words");
                from("direct:list").to("blazen:memory:docs?operation=list&model=%23words");
                from("direct:keep").to("blazen:memory:docs?model=%23words&resultVariable=hits");
                from("direct:local").to("blazen:memory:notes?operation=add");
                from("direct:localSearch").to("blazen:memory:notes");
                from("direct:mine").to("blazen:memory:mine?operation=add");
            }
        };
    }

    @Override
    protected void doPostSetup() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/memory-endpoints.yaml"));
    }

    private void addCities() {
        template.requestBodyAndHeaders("direct:add", "Paris is the capital of France",
                Map.of(BlazenConstants.ENTRY_ID, "paris", BlazenConstants.METADATA, Map.of("category", "geo")));
        template.requestBody("direct:add", Map.of("id", "rome", "text", "Rome is the capital of Italy",
                "metadata", Map.of("category", "geo")));
        template.requestBody("direct:add", List.of(
                Map.of("id", "python", "text", "Python is a programming language", "metadata", Map.of("category", "tech")),
                "an entry with a generated id"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void addThenSearchReturnsMapsBestFirstInOneEmbeddingCallPerBatch() {
        int before = words.calls.get();
        addCities();
        assertThat(words.calls.get() - before).isEqualTo(3);

        List<Map<String, Object>> hits = template.requestBody("direct:search", "capital of Italy", List.class);

        assertThat(hits).hasSize(2);
        assertThat(hits.get(0)).containsEntry("id", "rome").containsEntry("text", "Rome is the capital of Italy")
                .containsKeys("score", "metadata");
        assertThat((double) hits.get(0).get("score")).isGreaterThan((double) hits.get(1).get("score"));
        assertThat(template.requestBody("direct:count", null, Long.class)).isEqualTo(4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void filtersComeFromTheOptionOrTheHeaderAndTheThresholdCutsWeakHits() {
        addCities();
        List<Map<String, Object>> geo = template.requestBody("direct:searchGeo", "capital", List.class);
        assertThat(geo).extracting(m -> m.get("id")).containsExactlyInAnyOrder("paris", "rome");

        List<Map<String, Object>> tech = template.requestBodyAndHeader("direct:search", "capital",
                BlazenConstants.FILTER, "{\"category\": \"tech\"}", List.class);
        assertThat(tech).extracting(m -> m.get("id")).containsExactly("python");

        assertThat(template.requestBody("direct:searchGeo", "bananas", List.class)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void getDeleteListAndTheOperationHeader() {
        addCities();
        Map<String, Object> paris = template.requestBody("direct:get", "paris", Map.class);
        assertThat(paris).containsEntry("id", "paris").containsEntry("metadata", Map.of("category", "geo"));
        assertThat(template.requestBodyAndHeader("direct:get", null, BlazenConstants.ENTRY_ID, "rome", Map.class))
                .containsEntry("id", "rome");
        assertThat(template.requestBody("direct:get", "nope")).isNull();

        assertThat(template.requestBody("direct:delete", "paris", Boolean.class)).isTrue();
        assertThat(template.requestBody("direct:delete", "paris", Boolean.class)).isFalse();
        assertThat(template.requestBody("direct:list", null, List.class)).hasSize(3);
        assertThat(template.requestBodyAndHeader("direct:search", null, BlazenConstants.OPERATION, "count", Long.class))
                .isEqualTo(3);

        List<Map<String, Object>> local = template.requestBody("direct:searchLocal", "Python programming language",
                List.class);
        assertThat(local).singleElement().satisfies(m -> assertThat(m).containsEntry("id", "python"));
    }

    @Test
    void resultVariableKeepsTheBody() {
        addCities();
        var exchange = template.request("direct:keep", e -> e.getMessage().setBody("capital of France"));
        assertThat(exchange.getMessage().getBody()).isEqualTo("capital of France");
        assertThat(exchange.getVariable("hits", List.class)).isNotEmpty();
    }

    @Test
    void aStoreWithoutAModelIsLocalOnly() {
        template.requestBody("direct:local", "Hello world!");
        assertThatThrownBy(() -> template.requestBody("direct:localSearch", "hello"))
                .isInstanceOf(CamelExecutionException.class).hasCauseInstanceOf(UnsupportedError.class);
        assertThat(template.requestBodyAndHeader("direct:localSearch", "hello world", BlazenConstants.OPERATION,
                "searchLocal", List.class)).hasSize(1);
    }

    @Test
    void aMemoryBeanNamedLikeTheStoreIsUsed() {
        String id = template.requestBody("direct:mine", "kept in the bean's memory", String.class);
        assertThat(registered.get(id)).isPresent();
    }

    @Test
    void yamlRoutesAddAndSearchWithTheLocalModel() {
        template.requestBodyAndHeaders("direct:yaml-remember", "The cat sat on the mat",
                Map.of("docId", "cat", "lang", "en"));
        template.requestBodyAndHeaders("direct:yaml-remember", "Stock markets fell sharply on Monday",
                Map.of("docId", "stocks", "lang", "en"));
        template.requestBodyAndHeaders("direct:yaml-remember", "Die Katze sitzt auf der Matte",
                Map.of("docId", "katze", "lang", "de"));
        assertThat(template.requestBody("direct:yaml-recall", "where is the kitten sitting?", String.class))
                .isEqualTo("cat");
    }

    @Test
    void badInputIsATypedError() throws Exception {
        assertThatThrownBy(() -> template.requestBody("direct:add", Map.of("id", "x")))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("needs a text");
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:search", "q", BlazenConstants.FILTER, "[1]"))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("JSON object");
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:add", "t", BlazenConstants.METADATA, "not json"))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("CamelBlazenMetadata");
        assertThatThrownBy(() -> template.requestBodyAndHeader("direct:search", "q", BlazenConstants.OPERATION, "upsert"))
                .hasCauseInstanceOf(ValidationError.class).rootCause().hasMessageContaining("add, search");
        RouteBuilder conflicting = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:conflict").to("blazen:memory:docs?operation=add");
            }
        };
        // docs is declared with model #words by the other routes
        assertThatThrownBy(() -> context.addRoutes(conflicting)).hasStackTraceContaining("already declared");
        RouteBuilder badBackend = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:badBackend").to("blazen:memory:x?backend=postgres");
            }
        };
        assertThatThrownBy(() -> context.addRoutes(badBackend)).hasStackTraceContaining("unknown memory backend 'postgres'");
        RouteBuilder noPath = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:noPath").to("blazen:memory:y?backend=jsonl");
            }
        };
        assertThatThrownBy(() -> context.addRoutes(noPath)).hasStackTraceContaining("needs a path");
    }
}
