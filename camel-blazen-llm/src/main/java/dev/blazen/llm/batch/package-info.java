/**
 * Many independent completions at once with bounded concurrency, per-item results in input order, and totals:
 * {@link dev.blazen.llm.batch.BatchRunner}.
 */
package dev.blazen.llm.batch;
