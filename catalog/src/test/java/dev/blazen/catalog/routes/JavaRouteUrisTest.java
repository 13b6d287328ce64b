package dev.blazen.catalog.routes;

import static dev.blazen.catalog.EndpointRole.CONSUMER;
import static dev.blazen.catalog.EndpointRole.EITHER;
import static dev.blazen.catalog.EndpointRole.PRODUCER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JavaRouteUrisTest {

    private static final String SAMPLE = "/samples/good/src/main/java/com/example/SampleRoutes.java";

    @Test
    void findsEveryEndpointUriOfTheSample() throws Exception {
        String source;
        try (var in = getClass().getResourceAsStream(SAMPLE)) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        List<UriOccurrence> found = JavaRouteUris.extract(source);

        String unresolved = JavaRouteUris.UNRESOLVED;
        assertThat(found).extracting(UriOccurrence::construct, UriOccurrence::role, UriOccurrence::uri).containsExactly(
                tuple("literal", EITHER, "blazen:workflow:orders?workflowTimeout=2m"),
                tuple("EndpointInject", EITHER, "blazen:workflow:orders?async=true"),
                tuple("from", CONSUMER, "platform-http:/orders?httpMethodRestrict=POST"),
                tuple("to", PRODUCER, "blazen:workflow:orders?workflowTimeout=2m"),
                tuple("to", PRODUCER, "log:orders?showAll=true"),
                tuple("from", CONSUMER, "blazen:step:orders/validate?accepts=StartEvent&maxConcurrency={{validate.concurrency}}"),
                tuple("from", CONSUMER, "blazen:stream-events:orders?streamBufferSize=256"),
                tuple("to", PRODUCER, "seda:progress"),
                tuple("to", PRODUCER, "log:progress"),
                tuple("from", CONSUMER, "timer:tick?period={{tick.period}}"),
                tuple("toD", PRODUCER, "blazen:workflow:${header.wf}?async=true"),
                tuple("wireTap", PRODUCER, "direct:audit"),
                tuple("from", CONSUMER, "direct:dynamic"),
                tuple("to", PRODUCER, "blazen:workflow:" + unresolved + "?maxInFlight=8"),
                tuple("to", PRODUCER, "{{audit.uri}}"),
                tuple("to", PRODUCER, "{{unset.uri}}"),
                tuple("from", CONSUMER, "blazen:step:orders/text-block?accepts=Checked"),
                tuple("to", PRODUCER, "direct:audit"),
                tuple("sendBody", PRODUCER, "direct:dynamic"));
        assertThat(found).filteredOn(uri -> uri.uri().startsWith("platform-http:"))
                .singleElement().extracting(UriOccurrence::line).isEqualTo(20);
        assertThat(found).noneMatch(uri -> uri.uri().contains("commented") || uri.uri().contains("validated"));
    }

    @Test
    void joinsConstantsAndKeepsUnknownPartsAsPlaceholders() {
        String source = """
                class R extends RouteBuilder {
                    static final String WF = "orders";
                    static final String STEP = "blazen:step:" + Names.WF + "/" + NAME;
                    public void configure() {
                        from(STEP + "?accepts=StartEvent").to("blazen:workflow:" + WF + "?maxInFlight=" + limit());
                        to(uriFor("x"));
                    }
                }
                """;

        assertThat(JavaRouteUris.extract(source)).extracting(UriOccurrence::line, UriOccurrence::uri).containsExactly(
                tuple(3, "blazen:step:orders/" + JavaRouteUris.UNRESOLVED),
                tuple(5, "blazen:step:orders/" + JavaRouteUris.UNRESOLVED + "?accepts=StartEvent"),
                tuple(5, "blazen:workflow:orders?maxInFlight=" + JavaRouteUris.UNRESOLVED));
    }

    @Test
    void ignoresStringsThatAreNotEndpoints() {
        String source = """
                class R extends RouteBuilder {
                    public void configure() {
                        from("direct:a").log("blazen:workflow done").setHeader("model", constant("openai:gpt-4o"))
                                .transform(simple("blazen: ${body}"));
                    }
                }
                """;

        assertThat(JavaRouteUris.extract(source)).extracting(UriOccurrence::uri).containsExactly("direct:a");
    }
}
