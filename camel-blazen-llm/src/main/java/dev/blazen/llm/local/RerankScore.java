package dev.blazen.llm.local;

/**
 * One passage's relevance to a query: the cross-encoder's raw logit (higher is more relevant, no sigmoid applied).
 *
 * @param index   the passage's position in the input list
 * @param passage the passage text
 * @param score   the relevance logit
 */
public record RerankScore(int index, String passage, double score) {
}
