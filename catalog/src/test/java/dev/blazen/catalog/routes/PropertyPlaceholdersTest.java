package dev.blazen.catalog.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PropertyPlaceholdersTest {

    private final PropertyPlaceholders placeholders = PropertyPlaceholders.of(Map.of(
            "wf", "orders",
            "timeout", "{{base.timeout}}",
            "base.timeout", "30s",
            "loop.a", "{{loop.b}}",
            "loop.b", "{{loop.a}}"));

    @Test
    void resolvesKeysNestedValuesAndDefaults() {
        assertThat(placeholders.resolve("blazen:workflow:{{wf}}?workflowTimeout={{timeout}}"))
                .isEqualTo("blazen:workflow:orders?workflowTimeout=30s");
        assertThat(placeholders.resolve("timer:t?period={{missing:5s}}")).isEqualTo("timer:t?period=5s");
        assertThat(placeholders.resolve("timer:t?period={{?wf}}")).isEqualTo("timer:t?period=orders");
    }

    @Test
    void leavesRunTimeValuesAsPlaceholders() {
        assertThat(placeholders.resolve("blazen:workflow:{{env:WF}}?maxInFlight={{unknown}}"))
                .isEqualTo("blazen:workflow:{{env:WF}}?maxInFlight={{unknown}}");
        assertThat(placeholders.resolve("x:{{sys:user.name:me}}")).isEqualTo("x:{{sys:user.name:me}}");
    }

    @Test
    void stopsOnCircularDefinitions() {
        assertThat(placeholders.resolve("x:{{loop.a}}")).startsWith("x:{{loop.");
    }
}
