package dev.blazen.camel.pipeline;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stage that runs one workflow, also the branch of a {@link ParallelStage}.
 *
 * @param input     what the workflow's StartEvent carries, from the pipeline state; null: the previous stage's result
 *                  (the pipeline input for the first stage)
 * @param condition null: always run
 * @param timeout   null: the pipeline's {@code timeoutPerStage}
 */
public record Stage(String name, String workflow, Function<PipelineState, Object> input,
        Predicate<PipelineState> condition, Duration timeout) implements PipelineStage {

    public Stage {
        StageRules.requireName(name, "stage");
        StageRules.requireName(workflow, "workflow");
        StageRules.requireTimeout(timeout, name);
    }

    public static Stage of(String name, String workflow) {
        return new Stage(name, workflow, null, null, null);
    }

    public Stage withInput(Function<PipelineState, Object> mapper) {
        return new Stage(name, workflow, mapper, condition, timeout);
    }

    @Override
    public Stage when(Predicate<PipelineState> value) {
        return new Stage(name, workflow, input, value, timeout);
    }

    @Override
    public Stage withTimeout(Duration value) {
        return new Stage(name, workflow, input, condition, value);
    }
}
