package dev.blazen.camel.memory;

import dev.blazen.memory.WordEmbedder;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A store with a path keeps its entries when the CamelContext (the application) restarts: index and JSONL. */
class PersistentStoresTest {

    @TempDir
    Path dir;

    private CamelContext start(String path) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("words", new WordEmbedder());
        camel.getPropertiesComponent().addInitialProperty("store.path", path);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:add").to("blazen:memory:kept?operation=add&model=%23words&path={{store.path}}");
                from("direct:search").to("blazen:memory:kept?model=%23words&path={{store.path}}&limit=1");
            }
        });
        camel.start();
        return camel;
    }

    @ParameterizedTest
    @ValueSource(strings = {"index-dir", "entries.jsonl"})
    @SuppressWarnings("unchecked")
    void entriesSurviveARestart(String name) throws Exception {
        String path = dir.resolve(name).toString();
        try (CamelContext first = start(path)) {
            first.createProducerTemplate().requestBody("direct:add", List.of(
                    Map.of("id", "paris", "text", "Paris is the capital of France"),
                    Map.of("id", "python", "text", "Python is a programming language")));
        }
        try (CamelContext second = start(path)) {
            List<Map<String, Object>> hits = second.createProducerTemplate()
                    .requestBody("direct:search", "a programming language", List.class);
            assertThat(hits).singleElement().satisfies(h -> assertThat(h).containsEntry("id", "python"));
        }
    }
}
