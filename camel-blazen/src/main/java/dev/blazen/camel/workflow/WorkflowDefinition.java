package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.step.StepDefinition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps registered for one workflow name, indexed by accepted event type. Steps come and go with their routes;
 * the index is rebuilt on each change and read without locks while runs dispatch.
 */
final class WorkflowDefinition {

    private final String name;
    private final List<StepDefinition> steps = new ArrayList<>();
    private volatile Map<String, List<StepGate>> byType = Map.of();

    WorkflowDefinition(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    synchronized void add(StepDefinition step) {
        for (StepDefinition existing : steps) {
            if (existing.name().equals(step.name())) {
                throw new InvalidStepException(name, step.name(), "a step with this name is already registered");
            }
        }
        steps.add(step);
        reindex();
    }

    synchronized boolean remove(String stepName) {
        boolean removed = steps.removeIf(s -> s.name().equals(stepName));
        if (removed) {
            reindex();
        }
        return removed;
    }

    synchronized boolean isEmpty() {
        return steps.isEmpty();
    }

    synchronized List<StepDefinition> steps() {
        return List.copyOf(steps);
    }

    /** The steps that accept {@code type}; empty when none does. */
    List<StepGate> accepting(String type) {
        return byType.getOrDefault(type, List.of());
    }

    /** The gate of the step named {@code stepName}, or null when no such step is registered. */
    StepGate gate(String stepName) {
        for (List<StepGate> gates : byType.values()) {
            for (StepGate gate : gates) {
                if (gate.step().name().equals(stepName)) {
                    return gate;
                }
            }
        }
        return null;
    }

    Set<String> acceptedTypes() {
        return byType.keySet();
    }

    private void reindex() {
        // keep the gates of steps that stay, so concurrency limits hold across a reindex
        Map<String, StepGate> gates = new HashMap<>();
        byType.values().forEach(list -> list.forEach(g -> gates.put(g.step().name(), g)));
        Map<String, List<StepGate>> index = new HashMap<>();
        for (StepDefinition step : steps) {
            StepGate gate = gates.get(step.name());
            if (gate == null || gate.step() != step) {
                gate = new StepGate(step);
            }
            for (String type : step.accepts()) {
                index.computeIfAbsent(type, t -> new ArrayList<>()).add(gate);
            }
        }
        index.replaceAll((type, list) -> Collections.unmodifiableList(list));
        byType = Map.copyOf(index);
    }
}
