package dev.blazen.camel.pipeline;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Branches that run side by side, each a {@link Stage} with its own workflow, input mapper, condition and timeout,
 * joined by the {@link JoinStrategy}. A branch whose condition is false does not run (and is absent from a WAIT_ALL
 * result); when no branch runs, the stage is skipped.
 *
 * @param timeout null: the pipeline's {@code timeoutPerStage}; a branch's own timeout wins over this one
 */
public record ParallelStage(String name, JoinStrategy join, List<Stage> branches, Predicate<PipelineState> condition,
        Duration timeout) implements PipelineStage {

    public ParallelStage {
        StageRules.requireName(name, "stage");
        StageRules.requireTimeout(timeout, name);
        if (join == null) {
            throw new InvalidPipelineException(null, "parallel stage '" + name + "' needs a join strategy");
        }
        if (branches == null || branches.isEmpty()) {
            throw new InvalidPipelineException(null, "parallel stage '" + name + "' needs at least one branch");
        }
        branches = List.copyOf(branches);
        Set<String> names = new HashSet<>();
        for (Stage branch : branches) {
            if (!names.add(branch.name())) {
                throw new InvalidPipelineException(null, "parallel stage '" + name + "' has two branches named '"
                        + branch.name() + "'");
            }
        }
    }

    public static ParallelStage of(String name, JoinStrategy join, Stage... branches) {
        return new ParallelStage(name, join, List.of(branches), null, null);
    }

    @Override
    public ParallelStage when(Predicate<PipelineState> value) {
        return new ParallelStage(name, join, branches, value, timeout);
    }

    @Override
    public ParallelStage withTimeout(Duration value) {
        return new ParallelStage(name, join, branches, condition, value);
    }
}
