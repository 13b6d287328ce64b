/**
 * The Redis/Valkey {@link dev.blazen.memory.backend.MemoryBackend}: {@link dev.blazen.memory.redis.RedisBackend}, one
 * store per key prefix, entries and LSH band sets written atomically by Lua scripts, over the shared connection of
 * {@link dev.blazen.redis}.
 */
package dev.blazen.memory.redis;
