package dev.blazen.camel.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Workflows run as stages, one after another, each stage's result feeding the next (Blazen's Pipeline). Build one
 * with {@link #builder(String)}, run it with {@link PipelineRunner} or a {@code blazen:pipeline:name} endpoint (as a
 * bean of this type bound under its name):
 *
 * <pre>{@code
 * Pipeline.builder("ingest")
 *         .stage("extract", "extractWorkflow")
 *         .stage("summarize", "summaryWorkflow").input(s -> Map.of("text", s.result("extract"))).timeout(Duration.ofSeconds(30))
 *         .stage("translate", "translateWorkflow").when(s -> s.input() instanceof Map<?, ?> m && m.containsKey("lang"))
 *         .parallel("enrich", JoinStrategy.WAIT_ALL, branch("sentiment", "sentimentWorkflow"), branch("entities", "entityWorkflow"))
 *         .loop("refine", "refineWorkflow", until(s -> s.lastResult() instanceof Map<?, ?> m && m.get("done") == Boolean.TRUE), 5)
 *         .timeoutPerStage(Duration.ofMinutes(2))
 *         .totalTimeout(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 *
 * @param timeoutPerStage how long a stage without its own timeout may take; null: a workflow's default (5 minutes)
 * @param totalTimeout    how long a run may take, counted from its start or resume; null: no limit
 * @param onPersist       called with each snapshot after it was written to the checkpoint store (Blazen's
 *                        {@code onPersist}); what it throws fails the run with {@link PipelinePersistException}
 */
public record Pipeline(String name, List<PipelineStage> stages, Duration timeoutPerStage, Duration totalTimeout,
        Consumer<PipelineSnapshot> onPersist) {

    public Pipeline {
        if (name == null || name.isBlank()) {
            throw new InvalidPipelineException(null, "a pipeline name cannot be blank");
        }
        if (stages == null || stages.isEmpty()) {
            throw new InvalidPipelineException(name, "a pipeline needs at least one stage");
        }
        stages = List.copyOf(stages);
        Set<String> names = new HashSet<>();
        for (PipelineStage stage : stages) {
            if (!names.add(stage.name())) {
                throw new InvalidPipelineException(name, "two stages are named '" + stage.name() + "'");
            }
        }
        requirePositive(name, "timeoutPerStage", timeoutPerStage);
        requirePositive(name, "totalTimeout", totalTimeout);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A branch of a {@link ParallelStage}: a stage of its own, so it can take an input mapper, condition and timeout. */
    public static Stage branch(String name, String workflow) {
        return Stage.of(name, workflow);
    }

    /** The end condition of a loop stage. */
    public static LoopStage.Until until(Predicate<PipelineState> condition) {
        return new LoopStage.Until(condition);
    }

    public List<String> stageNames() {
        return stages.stream().map(PipelineStage::name).toList();
    }

    /** This pipeline with other timeouts; a null argument keeps the current one. */
    public Pipeline withTimeouts(Duration perStage, Duration total) {
        return new Pipeline(name, stages, perStage != null ? perStage : timeoutPerStage, total != null ? total : totalTimeout,
                onPersist);
    }

    private static void requirePositive(String pipeline, String what, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new InvalidPipelineException(pipeline, what + " must be positive, got " + value);
        }
    }

    /**
     * Adds stages in order. {@link #input}, {@link #when} and {@link #timeout} change the stage added last, as Camel's
     * route builder does with the EIP before them.
     */
    public static final class Builder {

        private final String name;
        private final List<PipelineStage> stages = new ArrayList<>();
        private Duration timeoutPerStage;
        private Duration totalTimeout;
        private Consumer<PipelineSnapshot> onPersist;

        private Builder(String name) {
            this.name = name;
        }

        /** A stage that runs {@code workflow}. */
        public Builder stage(String stage, String workflow) {
            return stage(Stage.of(stage, workflow));
        }

        public Builder stage(PipelineStage stage) {
            stages.add(stage);
            return this;
        }

        public Builder parallel(String stage, JoinStrategy join, Stage... branches) {
            return stage(ParallelStage.of(stage, join, branches));
        }

        public Builder loop(String stage, String workflow, LoopStage.Until until, int maxIterations) {
            return stage(LoopStage.of(stage, workflow, until, maxIterations));
        }

        /** The last stage's input mapper; a parallel stage's branches take theirs with {@link Stage#withInput}. */
        public Builder input(Function<PipelineState, Object> mapper) {
            PipelineStage last = last("input");
            if (last instanceof Stage stage) {
                return replaceLast(stage.withInput(mapper));
            }
            if (last instanceof LoopStage loop) {
                return replaceLast(loop.withInput(mapper));
            }
            throw new InvalidPipelineException(name, "parallel stage '" + last.name() + "' takes no input mapper: give "
                    + "each branch its own with branch(...).withInput(...)");
        }

        /** The last stage's condition: when it is false for the state the stage would start with, the stage is skipped. */
        public Builder when(Predicate<PipelineState> condition) {
            return replaceLast(last("when").when(condition));
        }

        /** The last stage's timeout, instead of {@link #timeoutPerStage}. */
        public Builder timeout(Duration timeout) {
            return replaceLast(last("timeout").withTimeout(timeout));
        }

        public Builder timeoutPerStage(Duration timeout) {
            this.timeoutPerStage = timeout;
            return this;
        }

        public Builder totalTimeout(Duration timeout) {
            this.totalTimeout = timeout;
            return this;
        }

        public Builder onPersist(Consumer<PipelineSnapshot> callback) {
            this.onPersist = callback;
            return this;
        }

        public Pipeline build() {
            return new Pipeline(name, stages, timeoutPerStage, totalTimeout, onPersist);
        }

        private PipelineStage last(String method) {
            if (stages.isEmpty()) {
                throw new InvalidPipelineException(name, method + "(...) applies to the stage before it; add a stage first");
            }
            return stages.get(stages.size() - 1);
        }

        private Builder replaceLast(PipelineStage stage) {
            stages.set(stages.size() - 1, stage);
            return this;
        }
    }
}
