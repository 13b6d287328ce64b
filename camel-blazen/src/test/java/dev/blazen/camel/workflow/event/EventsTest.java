package dev.blazen.camel.workflow.event;

import dev.blazen.camel.workflow.InvalidEventException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventsTest {

    record Analyze(String text, double score) {
    }

    @EventType("orders.Placed")
    record OrderPlaced(String id, List<String> items) {
    }

    @Test
    void typeNames() {
        assertThat(Events.typeOf(new Analyze("x", 1))).isEqualTo("Analyze");
        assertThat(Events.typeOf(new OrderPlaced("1", List.of()))).isEqualTo("orders.Placed");
        assertThat(Events.typeOf(Map.of("type", "Custom"))).isEqualTo("Custom");
        assertThat(Events.typeOf(new StartEvent(null))).isEqualTo("blazen::StartEvent");
        assertThat(Events.canonicalType("StopEvent")).isEqualTo("blazen::StopEvent");
        assertThat(Events.canonicalType(" InputRequestEvent ")).isEqualTo("blazen::InputRequestEvent");
        assertThat(Events.canonicalType("blazen::InputResponseEvent")).isEqualTo("blazen::InputResponseEvent");
    }

    @Test
    void builtInsKeepBlazensWireNames() throws Exception {
        String json = Events.toJson(new InputRequestEvent("r1", "Approve?", Map.of("score", 0.9)));
        assertThat(Events.json().readTree(json).get("type").asText()).isEqualTo("blazen::InputRequestEvent");
        assertThat(Events.json().readTree(json).get("request_id").asText()).isEqualTo("r1");
        assertThat(Events.fromJson("{\"type\":\"blazen::InputResponseEvent\",\"request_id\":\"r1\",\"response\":true}"))
                .isEqualTo(new InputResponseEvent("r1", true));
        assertThat(Events.fromJson("{\"type\":\"StopEvent\",\"result\":{\"a\":1}}")).isEqualTo(new StopEvent(Map.of("a", 1)));
    }

    @Test
    void typedEventsRoundTripThroughJson() {
        Events.register(OrderPlaced.class);
        OrderPlaced placed = new OrderPlaced("o-1", List.of("book", "pen"));
        String json = Events.toJson(placed);
        assertThat(json).contains("\"type\":\"orders.Placed\"");
        assertThat(Events.fromJson(json)).isEqualTo(placed);
    }

    @Test
    void unknownTypesStayMaps() {
        Object event = Events.fromJson("{\"type\":\"Unregistered\",\"n\":1}");
        assertThat(event).isEqualTo(Map.of("type", "Unregistered", "n", 1));
        assertThat(Events.toJson(event)).isEqualTo("{\"type\":\"Unregistered\",\"n\":1}");
    }

    @Test
    void mapsConvertToTypedEvents() {
        assertThat(Events.convert(Map.of("type", "Analyze", "text", "hi", "score", 0.5), Analyze.class))
                .isEqualTo(new Analyze("hi", 0.5));
        assertThatThrownBy(() -> Events.convert(Map.of("type", "Analyze", "score", "not a number"), Analyze.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("cannot convert event of type 'Analyze'");
    }

    @Test
    void badEventsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Events.typeOf(Map.of("text", "x")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("'type'");
        assertThatThrownBy(() -> Events.typeOf("hello"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("a String is not an event: 'hello'");
        assertThatThrownBy(() -> Events.typeOf(42)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> Events.typeOf(null)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> Events.fromJson("[1,2]")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("must be an object");
        assertThatThrownBy(() -> Events.fromJson("{oops")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not a JSON event");
        assertThatThrownBy(() -> Events.canonicalType("blazen::Nope")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown built-in event type");
    }
}
