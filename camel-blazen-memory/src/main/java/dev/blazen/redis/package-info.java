/**
 * What Blazen's Redis stores share (the memory backend {@code dev.blazen.memory.redis} and the workflow checkpoint
 * store): {@link dev.blazen.redis.RedisConnection}, a pooled connection whose address keeps its password out of every
 * message, with client failures classified as {@link dev.blazen.redis.RedisFailure}s; and
 * {@link dev.blazen.redis.RedisScript}, Lua scripts run by SHA that survive a server losing its script cache.
 */
package dev.blazen.redis;
