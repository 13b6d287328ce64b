package dev.blazen.camel.agent;

import dev.blazen.llm.tool.Tool;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The blazen:tool routes of a CamelContext, by name, with their tags; agents pick from them by tag. */
public final class RouteTools {

    private final ConcurrentHashMap<String, ToolConsumer> tools = new ConcurrentHashMap<>();

    void add(ToolConsumer tool) {
        ToolConsumer existing = tools.putIfAbsent(tool.definition().name(), tool);
        if (existing != null && existing != tool) {
            throw new IllegalArgumentException("a blazen:tool named '" + tool.definition().name() + "' is already running");
        }
    }

    void remove(ToolConsumer tool) {
        tools.remove(tool.definition().name(), tool);
    }

    /** The tools carrying at least one of the comma-separated tags; every tool when {@code tags} is blank. */
    public List<Tool> tagged(String tags) {
        Set<String> wanted = tags == null || tags.isBlank() ? Set.of()
                : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
        return tools.values().stream()
                .filter(tool -> wanted.isEmpty() || tool.tags().stream().anyMatch(wanted::contains))
                .sorted((a, b) -> a.definition().name().compareTo(b.definition().name()))
                .map(Tool.class::cast)
                .toList();
    }
}
