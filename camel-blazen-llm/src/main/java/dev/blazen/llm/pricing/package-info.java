/**
 * Model prices and costs: {@link dev.blazen.llm.pricing.PricingRegistry} (USD per million input and output tokens,
 * seeded, user-registrable, tolerant of provider prefixes and dated snapshots),
 * {@link dev.blazen.llm.pricing.PricedProvider} to fill in the cost of responses, and
 * {@link dev.blazen.llm.pricing.UsageSummary} to sum usage and cost over many responses.
 */
package dev.blazen.llm.pricing;
