/**
 * {@code blazen:memory:store}: semantic memory stores declared by endpoint options (backend, path or Redis URI,
 * embedding model) and shared by name across the routes of a CamelContext.
 */
package dev.blazen.camel.memory;
