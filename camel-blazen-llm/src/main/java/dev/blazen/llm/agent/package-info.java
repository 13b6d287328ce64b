/**
 * The agent loop ({@link dev.blazen.llm.agent.Agent}): a model calls tools over several turns until it answers, calls
 * the exit tool or runs out of iterations, with events, usage and cost totals along the way.
 */
package dev.blazen.llm.agent;
