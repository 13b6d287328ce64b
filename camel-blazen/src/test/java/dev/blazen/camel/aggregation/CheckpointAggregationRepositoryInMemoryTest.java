package dev.blazen.camel.aggregation;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;

/** The aggregation repository on the in-memory store; a "restart" keeps the store object, as a process restart would keep a durable store. */
class CheckpointAggregationRepositoryInMemoryTest extends AggregationRepositoryContract {

    @Override
    protected CheckpointStore newStore() {
        return new InMemoryCheckpointStore();
    }
}
