/**
 * The persistent embedded backend of {@link dev.blazen.memory.Memory}: {@link dev.blazen.memory.lucene.LuceneBackend},
 * entries in an Apache Lucene 9.12 index in a directory, with an HNSW vector graph (float32 or int8) that proposes
 * candidates for exact cosine ranking, metadata filters applied inside the graph search, and Blazen's LSH band keys.
 */
package dev.blazen.memory.lucene;
