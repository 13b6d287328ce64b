package dev.blazen.camel.memory;

import dev.blazen.memory.WordEmbedder;
import dev.blazen.memory.redis.RedisServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A redis store declared from properties is shared by two CamelContexts (two nodes) through a real redis-server. */
class RedisMemoryStoreTest {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static CamelContext node(String name) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("words", new WordEmbedder());
        camel.getPropertiesComponent().addInitialProperty("memory.redis", redis.uri());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:add").to("blazen:memory:shared?operation=add&model=%23words&redisUri={{memory.redis}}");
                from("direct:search").to("blazen:memory:shared?model=%23words&redisUri={{memory.redis}}&limit=1");
                from("direct:count").to("blazen:memory:shared?operation=count&model=%23words&redisUri={{memory.redis}}");
            }
        });
        camel.getCamelContextExtension().setName(name);
        camel.start();
        return camel;
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatOneNodeAddsTheOtherFinds() throws Exception {
        try (CamelContext a = node("a"); CamelContext b = node("b")) {
            ProducerTemplate ta = a.createProducerTemplate();
            ProducerTemplate tb = b.createProducerTemplate();
            ta.requestBody("direct:add", List.of("Paris is the capital of France", "Python is a programming language"));

            List<Map<String, Object>> hits = tb.requestBody("direct:search", "programming language", List.class);

            assertThat(hits).singleElement().satisfies(h -> assertThat(h).containsEntry("text",
                    "Python is a programming language"));
            assertThat(tb.requestBody("direct:count", null, Long.class)).isEqualTo(2);
        }
    }
}
