/**
 * A memory backend in a JSON Lines file: appends, compaction, torn-line recovery and a single-writer lock
 * ({@link dev.blazen.memory.jsonl.JsonlBackend}).
 */
package dev.blazen.memory.jsonl;
