/**
 * Locality-sensitive hashes: the 64-bit text SimHash of {@code searchLocal} and the 128-bit vector SimHash whose LSH
 * bands propose candidates (and, in {@link dev.blazen.memory.SearchMode#SIMHASH}, rank them as Blazen does).
 */
package dev.blazen.memory.hash;
