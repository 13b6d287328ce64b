/**
 * Tools the agent offers to models: the {@link dev.blazen.llm.tool.Tool} contract, tools from annotated bean methods
 * and typed handlers, tool outputs whose model-facing payload may differ from their data, and the content-reference
 * hook for tool inputs.
 */
package dev.blazen.llm.tool;
