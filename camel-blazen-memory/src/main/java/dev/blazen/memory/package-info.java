/**
 * Semantic memory: {@link dev.blazen.memory.Memory} over a {@link dev.blazen.memory.backend.MemoryBackend}, with
 * exact-cosine ranking, metadata superset filters and SimHash local search.
 */
package dev.blazen.memory;
