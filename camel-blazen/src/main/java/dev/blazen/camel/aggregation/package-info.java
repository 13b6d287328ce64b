/**
 * A durable aggregation repository for Camel's Aggregator EIP on the workflow {@link
 * dev.blazen.camel.workflow.checkpoint.CheckpointStore}: {@link dev.blazen.camel.aggregation.CheckpointAggregationRepository}.
 */
package dev.blazen.camel.aggregation;
