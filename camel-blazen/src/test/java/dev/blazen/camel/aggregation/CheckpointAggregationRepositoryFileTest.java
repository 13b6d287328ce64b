package dev.blazen.camel.aggregation;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.file.FileCheckpointStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The aggregation repository on the file store; a restart closes the journal and replays it, as a new process would. */
class CheckpointAggregationRepositoryFileTest extends AggregationRepositoryContract {

    @TempDir
    Path dir;

    @Override
    protected CheckpointStore newStore() {
        return FileCheckpointStore.open(dir.resolve("checkpoints"));
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore store) {
        store.close();
        return FileCheckpointStore.open(dir.resolve("checkpoints"));
    }
}
