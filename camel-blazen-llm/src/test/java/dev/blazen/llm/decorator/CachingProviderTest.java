package dev.blazen.llm.decorator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.provider.CustomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingProviderTest {

    final ScriptedProvider model = new ScriptedProvider("acme");
    final AtomicLong nanos = new AtomicLong(Duration.ofDays(10).toNanos());

    CachingProvider cache(CachePolicy policy) {
        return new CachingProvider(model, policy, nanos::get);
    }

    static CompletionRequest ask(String text) {
        return CompletionRequest.of(ChatMessage.user(text));
    }

    static JsonNode json(String text) throws Exception {
        return HttpTransport.JSON.readTree(text);
    }

    @Test
    void defaultsAreThreeHundredSecondsAndAThousandEntries() {
        assertThat(CachePolicy.DEFAULT).isEqualTo(new CachePolicy(Duration.ofSeconds(300), 1000));
        assertThat(CachingProvider.wrap(model).policy()).isEqualTo(CachePolicy.DEFAULT);
    }

    @Test
    void anIdenticalRequestIsServedFromTheCache() {
        model.answer("first").answer("second");
        CachingProvider provider = cache(CachePolicy.DEFAULT);

        CompletionResponse one = provider.complete(ask("hi"));
        CompletionResponse two = provider.complete(ask("hi"));

        assertThat(two).isSameAs(one);
        assertThat(two.content()).isEqualTo("first");
        assertThat(model.completeCalls).hasValue(1);
    }

    @Test
    void everyPartOfTheRequestIsInTheKey() throws Exception {
        CachingProvider provider = cache(CachePolicy.DEFAULT);
        CompletionRequest base = ask("hi");
        ToolDefinition tool = new ToolDefinition("lookup", "finds things", json("{\"type\":\"object\"}"));
        List<CompletionRequest> variants = List.of(base, ask("hello"), base.withTemperature(0.2),
                base.withMaxTokens(10), base.withTopP(0.9), base.withModel("other"), base.withTools(List.of(tool)),
                base.withResponseFormat(json("{\"type\":\"object\"}")), base.withSystemPrompt("be brief"));
        variants.forEach(provider::complete);
        assertThat(model.completeCalls).hasValue(variants.size());

        variants.forEach(provider::complete);
        assertThat(model.completeCalls).as("all served from cache the second time").hasValue(variants.size());
    }

    @Test
    void theKeyIsCanonical() throws Exception {
        ToolDefinition ab = new ToolDefinition("t", "d", json("{\"a\":1,\"b\":{\"x\":true,\"y\":[1,2]}}"));
        ToolDefinition ba = new ToolDefinition("t", "d", json("{\"b\":{\"y\":[1,2],\"x\":true},\"a\":1}"));
        assertThat(CacheKey.of(ask("q").withTools(List.of(ab)))).isEqualTo(CacheKey.of(ask("q").withTools(List.of(ba))));

        ToolDefinition reordered = new ToolDefinition("t", "d", json("{\"a\":1,\"b\":{\"x\":true,\"y\":[2,1]}}"));
        assertThat(CacheKey.of(ask("q").withTools(List.of(ab))))
                .isNotEqualTo(CacheKey.of(ask("q").withTools(List.of(reordered))));

        MediaSource source = new MediaSource.Url("https://example.com/a.png");
        CompletionRequest image = CompletionRequest.of(ChatMessage.userParts(List.of(new ContentPart.Image(source, "image/png"))));
        CompletionRequest file = CompletionRequest.of(ChatMessage.userParts(List.of(new ContentPart.File(source, "image/png", null))));
        assertThat(CacheKey.of(image)).isNotEqualTo(CacheKey.of(file));
        assertThat(CacheKey.of(image)).hasSize(64);
    }

    @Test
    void aChangedLocalFileIsANewKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "first version");
        CompletionRequest request = CompletionRequest.of(ChatMessage.userParts(
                List.of(new ContentPart.File(new MediaSource.File(file), "text/plain", "notes.txt"))));
        String before = CacheKey.of(request);
        assertThat(CacheKey.of(request)).isEqualTo(before);

        Files.writeString(file, "second, longer version");
        assertThat(CacheKey.of(request)).isNotEqualTo(before);
    }

    @Test
    void answersExpireAfterTheTtl() {
        CachingProvider provider = cache(CachePolicy.DEFAULT.withTtl(Duration.ofSeconds(300)));
        provider.complete(ask("hi"));

        nanos.addAndGet(Duration.ofSeconds(299).toNanos());
        provider.complete(ask("hi"));
        assertThat(model.completeCalls).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        provider.complete(ask("hi"));
        assertThat(model.completeCalls).as("expired at 300 s").hasValue(2);

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        provider.complete(ask("hi"));
        assertThat(model.completeCalls).as("the fresh answer is cached again").hasValue(2);
    }

    @Test
    void theLeastRecentlyUsedAnswerIsEvictedAtCapacity() {
        CachingProvider provider = cache(CachePolicy.DEFAULT.withMaxEntries(2));
        provider.complete(ask("a"));
        provider.complete(ask("b"));
        provider.complete(ask("a"));
        provider.complete(ask("c"));
        assertThat(provider.size()).isEqualTo(2);
        assertThat(model.completeCalls).hasValue(3);

        provider.complete(ask("a"));
        assertThat(model.completeCalls).as("a was used recently and stayed").hasValue(3);
        provider.complete(ask("b"));
        assertThat(model.completeCalls).as("b was the least recently used and went").hasValue(4);
    }

    @Test
    void streamingAlwaysGoesToTheModel() {
        CachingProvider provider = cache(CachePolicy.DEFAULT);
        provider.stream(ask("hi"), chunk -> { });
        provider.stream(ask("hi"), chunk -> { });
        assertThat(model.streamCalls).hasValue(2);

        provider.complete(ask("hi"));
        assertThat(model.completeCalls).as("a stream does not fill the cache").hasValue(1);
    }

    @Test
    void errorsAreNotCached() {
        model.fail(new ProviderError("acme", "down", 500)).answer("recovered");
        CachingProvider provider = cache(CachePolicy.DEFAULT);

        assertThatThrownBy(() -> provider.complete(ask("hi"))).isInstanceOf(ProviderError.class);
        assertThat(provider.size()).isZero();
        assertThat(provider.complete(ask("hi")).content()).isEqualTo("recovered");
        assertThat(provider.complete(ask("hi")).content()).isEqualTo("recovered");
        assertThat(model.completeCalls).hasValue(2);
    }

    @Test
    void asyncErrorsAreNotCachedEither() throws Exception {
        model.withNativeAsync().fail(new ProviderError("acme", "down", 503)).answer("recovered");
        CachingProvider provider = cache(CachePolicy.DEFAULT);

        assertThatThrownBy(() -> provider.completeAsync(ask("hi")).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(ProviderError.class);
        assertThat(provider.completeAsync(ask("hi")).get(5, TimeUnit.SECONDS).content()).isEqualTo("recovered");
        assertThat(provider.completeAsync(ask("hi")).get(5, TimeUnit.SECONDS).content()).isEqualTo("recovered");
        assertThat(model.asyncCalls).hasValue(2);
    }

    @Test
    @Timeout(10)
    void aProviderThatThrowsAnErrorLeavesNoCallWaitingForever() {
        AtomicInteger calls = new AtomicInteger();
        CustomProvider crashing = new CustomProvider() {
            @Override
            public String providerId() {
                return "crashing";
            }

            @Override
            public CompletionResponse complete(CompletionRequest request) {
                if (calls.incrementAndGet() == 1) {
                    throw new StackOverflowError("deep");
                }
                return new CompletionResponse("fine", List.of(), null, "m", "stop", null, null, null);
            }
        };
        CachingProvider provider = new CachingProvider(crashing, CachePolicy.DEFAULT, nanos::get);

        assertThatThrownBy(() -> provider.complete(ask("hi"))).isInstanceOf(StackOverflowError.class);
        assertThat(provider.complete(ask("hi")).content()).isEqualTo("fine");
        assertThat(calls).hasValue(2);
    }

    @Test
    void concurrentIdenticalRequestsShareOneCall() throws Exception {
        CountDownLatch gate = model.holdCalls();
        CachingProvider provider = cache(CachePolicy.DEFAULT);

        CompletableFuture<CompletionResponse> first = provider.completeAsync(ask("hi"));
        RetryingProviderTest.awaitTrue(() -> model.completeCalls.get() == 1);
        CompletableFuture<CompletionResponse> second = provider.completeAsync(ask("hi"));
        CompletableFuture<CompletionResponse> blocking = CompletableFuture.supplyAsync(() -> provider.complete(ask("hi")));
        second.cancel(true);
        gate.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).content()).isEqualTo("acme-ok");
        assertThat(blocking.get(5, TimeUnit.SECONDS)).isSameAs(first.get());
        assertThat(second).isCancelled();
        assertThat(model.completeCalls).as("one call served all three callers").hasValue(1);
    }

    @Test
    void embeddingsAndComputeMethodsPassThrough() {
        CachingProvider provider = cache(CachePolicy.DEFAULT);
        provider.embed(List.of("x"));
        provider.embed(List.of("x"));
        assertThat(model.embedCalls).hasValue(2);
        assertThat(provider.generateImage(null)).isSameAs(model.image);
    }
}
