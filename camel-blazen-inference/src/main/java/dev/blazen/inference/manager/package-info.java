/**
 * {@link dev.blazen.inference.manager.ModelManager}: local models in per-device memory pools with byte budgets,
 * loaded on demand and evicted least recently used first within their own pool.
 */
package dev.blazen.inference.manager;
