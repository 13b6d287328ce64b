package dev.blazen.camel.pipeline;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A workflow run again and again, each iteration's input being the previous iteration's result (or what the input
 * mapper makes of the state), until {@code until} holds for the state after an iteration or {@code maxIterations}
 * have run. Reaching {@code maxIterations} is not an error: the stage's result is then the last iteration's. The
 * snapshot is persisted after every iteration, so a resumed loop goes on from the iteration it had reached.
 *
 * @param until   asked after each iteration, with that iteration's result as {@link PipelineState#lastResult()} and
 *                the iterations run so far as {@link PipelineState#iteration()}
 * @param timeout for the whole loop, not per iteration; null: the pipeline's {@code timeoutPerStage}
 */
public record LoopStage(String name, String workflow, Function<PipelineState, Object> input,
        Predicate<PipelineState> until, int maxIterations, Predicate<PipelineState> condition, Duration timeout)
        implements PipelineStage {

    /** The loop's end condition, named so that {@code loop(name, workflow, until(...), max)} reads as it runs. */
    public record Until(Predicate<PipelineState> condition) {
    }

    public LoopStage {
        StageRules.requireName(name, "stage");
        StageRules.requireName(workflow, "workflow");
        StageRules.requireTimeout(timeout, name);
        if (until == null) {
            throw new InvalidPipelineException(null, "loop stage '" + name + "' needs an until condition");
        }
        if (maxIterations < 1) {
            throw new InvalidPipelineException(null, "loop stage '" + name + "' needs maxIterations of at least 1, got "
                    + maxIterations);
        }
    }

    public static LoopStage of(String name, String workflow, Until until, int maxIterations) {
        return new LoopStage(name, workflow, null, until == null ? null : until.condition(), maxIterations, null, null);
    }

    public LoopStage withInput(Function<PipelineState, Object> mapper) {
        return new LoopStage(name, workflow, mapper, until, maxIterations, condition, timeout);
    }

    @Override
    public LoopStage when(Predicate<PipelineState> value) {
        return new LoopStage(name, workflow, input, until, maxIterations, value, timeout);
    }

    @Override
    public LoopStage withTimeout(Duration value) {
        return new LoopStage(name, workflow, input, until, maxIterations, condition, value);
    }
}
