/**
 * Memory stores declared by name (backend, path or Redis URI, search mode), as endpoint options and properties
 * declare them, opened into a {@link dev.blazen.memory.Memory}.
 */
package dev.blazen.memory.store;
