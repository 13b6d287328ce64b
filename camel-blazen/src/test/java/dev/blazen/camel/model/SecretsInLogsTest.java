package dev.blazen.camel.model;

import dev.blazen.llm.http.WireServer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failing model call with an API key on the endpoint: the key reaches no log line, stack trace or message. */
class SecretsInLogsTest extends CamelTestSupport {

    static final String KEY = "sk-never-log-me-4242";

    final WireServer server = new WireServer();
    final List<String> logged = new CopyOnWriteArrayList<>();
    final AbstractAppender capture = new AbstractAppender("capture", null, PatternLayout.createDefaultLayout(), true,
            Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            StringWriter text = new StringWriter();
            text.append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                event.getThrown().printStackTrace(new PrintWriter(text));
            }
            logged.add(text.toString());
        }
    };

    SecretsInLogsTest() throws Exception {
        capture.start();
        ((Logger) LogManager.getRootLogger()).addAppender(capture);
    }

    @AfterEach
    void cleanUp() {
        ((Logger) LogManager.getRootLogger()).removeAppender(capture);
        server.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").routeId("ask")
                        .toD("blazen:complete?model=openai:gpt-4o-mini&apiKey=RAW(" + KEY + ")&baseUrl=" + server.baseUrl() + "/v1");
            }
        };
    }

    @Test
    void theKeyIsNeverLogged() {
        server.reply(WireServer.Reply.error(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()));
        assertThatThrownBy(() -> template.requestBody("direct:ask", "hi"))
                .satisfies(e -> {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).doesNotContain(KEY);
                });
        assertThat(logged).as("Camel logged the failure").isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(KEY));
        assertThat(server.lastRequest().headers().get("authorization")).isEqualTo("Bearer " + KEY);
    }
}
