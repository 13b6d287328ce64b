package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.pricing.PricedProvider;
import dev.blazen.llm.pricing.PricingRegistry;
import dev.blazen.llm.provider.CustomProvider;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/** Retry, cache and fallback nest in any order around a provider written by hand. */
class CompositionTest {

    static final CompletionRequest REQUEST = CompletionRequest.of(ChatMessage.user("hi"));

    final RecordingTimer timer = new RecordingTimer();

    RetryingProvider retry(CustomProvider provider) {
        return new RetryingProvider(provider, RetryPolicy.DEFAULT, timer, () -> 0.5);
    }

    static CachingProvider cache(CustomProvider provider) {
        return CachingProvider.wrap(provider);
    }

    static ProviderError unavailable() {
        return new ProviderError("p", "overloaded", 503);
    }

    @Test
    void retryAroundCacheRetriesThroughTheCacheAndCachesTheSuccess() {
        ScriptedProvider model = new ScriptedProvider("custom").fail(unavailable()).answer("cached answer");
        CustomProvider provider = retry(cache(model));

        assertThat(provider.complete(REQUEST).content()).isEqualTo("cached answer");
        assertThat(provider.complete(REQUEST).content()).isEqualTo("cached answer");
        assertThat(model.completeCalls).as("one failure, one success, then the cache").hasValue(2);
        assertThat(timer.sleeps).hasSize(1);
    }

    @Test
    void cacheAroundRetryStoresOnlyTheFinalAnswer() {
        ScriptedProvider model = new ScriptedProvider("custom").fail(unavailable()).fail(unavailable()).answer("third time");
        CustomProvider provider = cache(retry(model));

        assertThat(provider.complete(REQUEST).content()).isEqualTo("third time");
        assertThat(provider.complete(REQUEST).content()).isEqualTo("third time");
        assertThat(model.completeCalls).hasValue(3);
    }

    @Test
    void fallbackOverRetriedProvidersMovesOnOnlyAfterRetriesAreSpent() {
        ScriptedProvider primary = new ScriptedProvider("primary");
        for (int i = 0; i < 4; i++) {
            primary.fail(unavailable());
        }
        ScriptedProvider backup = new ScriptedProvider("backup").answer("backup answer");
        CustomProvider provider = FallbackProvider.of(retry(primary), retry(backup));

        assertThat(provider.complete(REQUEST).content()).isEqualTo("backup answer");
        assertThat(primary.completeCalls).as("first attempt and 3 retries").hasValue(4);
        assertThat(backup.completeCalls).hasValue(1);
    }

    @Test
    void anAuthErrorCrossesEveryLayerWithoutRetryOrFallback() {
        AuthError denied = new AuthError("invalid key");
        ScriptedProvider primary = new ScriptedProvider("primary").fail(denied);
        ScriptedProvider backup = new ScriptedProvider("backup");
        CustomProvider provider = FallbackProvider.of(retry(cache(primary)), retry(backup));

        assertThatThrownBy(() -> provider.complete(REQUEST)).isSameAs(denied);
        assertThat(primary.completeCalls).hasValue(1);
        assertThat(backup.totalCalls()).isZero();
        assertThat(timer.sleeps).isEmpty();
    }

    @Test
    void allThreeAndPricingComposeAsynchronously() throws Exception {
        ScriptedProvider primary = new ScriptedProvider("primary").withNativeAsync();
        for (int i = 0; i < 8; i++) {
            primary.fail(unavailable());
        }
        ScriptedProvider backup = new ScriptedProvider("backup").withNativeAsync().answer("from backup");
        PricingRegistry prices = PricingRegistry.empty().register("backup-model", 1.0, 2.0);
        CustomProvider provider = new PricedProvider(
                FallbackProvider.of(cache(retry(primary)), cache(retry(backup))), prices);

        CompletionResponse response = provider.completeAsync(REQUEST).get(5, TimeUnit.SECONDS);
        assertThat(response.content()).isEqualTo("from backup");
        // 10 prompt tokens at $1/M + 5 completion tokens at $2/M
        assertThat(response.cost()).isEqualTo(20e-6, offset(1e-12));
        assertThat(timer.delays).hasSize(3);

        assertThat(provider.completeAsync(REQUEST).get(5, TimeUnit.SECONDS).content()).isEqualTo("from backup");
        assertThat(backup.asyncCalls).as("the backup's cache answered the second time").hasValue(1);
        assertThat(primary.asyncCalls).as("the primary is tried again: failures are not cached").hasValue(8);
    }

    @Test
    void computeMethodsReachTheInnermostProviderThroughEveryLayer() {
        ScriptedProvider model = new ScriptedProvider("custom");
        CustomProvider provider = FallbackProvider.of(retry(cache(PricedProvider.wrap(model))));
        assertThat(provider.generateImage(null)).isSameAs(model.image);
        assertThat(provider.providerId()).isEqualTo("custom");
    }
}
