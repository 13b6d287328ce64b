package dev.blazen.catalog.routes;

import static dev.blazen.catalog.EndpointRole.CONSUMER;
import static dev.blazen.catalog.EndpointRole.PRODUCER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class YamlRouteUrisTest {

    private static final String SAMPLE = "/samples/good/src/main/resources/routes/sample.camel.yaml";

    @Test
    void findsEveryEndpointUriOfTheSampleAndJoinsUriWithParameters() throws Exception {
        String yaml;
        try (var in = getClass().getResourceAsStream(SAMPLE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        List<UriOccurrence> found = YamlRouteUris.extract(yaml);

        assertThat(found).extracting(UriOccurrence::line, UriOccurrence::construct, UriOccurrence::role, UriOccurrence::uri)
                .containsExactly(
                        tuple(5, "from", CONSUMER, "platform-http:/yaml/orders?httpMethodRestrict=POST"),
                        tuple(10, "to", PRODUCER, "blazen:workflow:orders?workflowTimeout=90s&maxInFlight=16"),
                        tuple(14, "to", PRODUCER, "log:yaml-orders"),
                        tuple(16, "from", CONSUMER,
                                "blazen:step:orders/enrich?collect=2&accepts=StartEvent,Validated&stepTimeout={{step.timeout}}"),
                        tuple(22, "wireTap", PRODUCER, "direct:audit"),
                        tuple(23, "toD", PRODUCER, "blazen:workflow:${header.next}"),
                        tuple(30, "to", PRODUCER, "blazen:workflow:orders?async=true"));
    }

    @Test
    void encodesParameterValuesThatWouldBreakTheQuery() {
        String yaml = """
                - from:
                    uri: timer:tick
                    parameters:
                      period: 1000
                    steps:
                      - to:
                          uri: log:x
                          parameters:
                            marker: "a&b=c"
                """;

        assertThat(YamlRouteUris.extract(yaml)).extracting(UriOccurrence::uri)
                .containsExactly("timer:tick?period=1000", "log:x?marker=a%26b%3Dc");
    }

    @Test
    void rejectsTextThatIsNotYaml() {
        assertThatThrownBy(() -> YamlRouteUris.extract("- from: [unclosed")).isInstanceOf(RuntimeException.class);
    }
}
