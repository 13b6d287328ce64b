/**
 * Decorators that wrap any {@link dev.blazen.llm.provider.CustomProvider} and are providers themselves, so they nest
 * in any order and work on custom providers as on built-in ones: {@link dev.blazen.llm.decorator.RetryingProvider},
 * {@link dev.blazen.llm.decorator.CachingProvider} and {@link dev.blazen.llm.decorator.FallbackProvider}. They act on
 * {@code complete}, {@code completeAsync}, {@code stream} and {@code embed}; the compute methods pass through.
 *
 * <p>The outermost wrapper runs first. Blazen's recommended layering, cache and retry on the primary, retry on the
 * backup, failover between them:
 *
 * <pre>{@code
 * CustomProvider model = FallbackProvider.of(
 *         RetryingProvider.wrap(CachingProvider.wrap(primary)),
 *         RetryingProvider.wrap(backup));
 * }</pre>
 */
package dev.blazen.llm.decorator;
