package dev.blazen.camel.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The handle of a started or resumed pipeline run: its id, its result, where it stands, and cancellation. */
public final class PipelineHandler {

    private final PipelineRun run;

    PipelineHandler(PipelineRun run) {
        this.run = run;
    }

    public String runId() {
        return run.runId();
    }

    public String pipeline() {
        return run.pipeline().name();
    }

    /** Completes with the last stage's result, or exceptionally with a {@link PipelineException}. */
    public CompletableFuture<Object> result() {
        return run.result();
    }

    /** Waits for the result; a failed run throws its {@link PipelineException}. */
    public Object await() throws InterruptedException {
        try {
            return run.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new PipelineException(pipeline(), "run " + runId() + " failed", e.getCause());
        }
    }

    /** The input, the results so far by stage, the last result. */
    public PipelineState state() {
        return run.state();
    }

    /**
     * Cancels the run: the workflows of the current stage are cancelled and the result fails with
     * {@link PipelineCancelledException}. The snapshot stays, so the run can be resumed.
     */
    public boolean cancel() {
        return run.cancel("cancelled by its handler");
    }

    @Override
    public String toString() {
        return "PipelineHandler[pipeline=" + pipeline() + ", runId=" + runId() + "]";
    }
}
