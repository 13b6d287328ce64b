package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ContentPolicyError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.RequestError;
import dev.blazen.llm.error.TimeoutError;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FallbackProviderTest {

    static final CompletionRequest REQUEST = CompletionRequest.of(ChatMessage.user("hi"));

    final ScriptedProvider primary = new ScriptedProvider("primary");
    final ScriptedProvider backup = new ScriptedProvider("backup");
    final ScriptedProvider last = new ScriptedProvider("last");

    static ProviderError status(int code) {
        return new ProviderError("p", "status " + code, code);
    }

    @Test
    void movesOnForServerErrorsRateLimitsTimeoutsAndNetworkFailures() {
        List<RuntimeException> transientErrors = List.of(status(500), status(503), new ProviderError("p", "no status", null),
                new RateLimitError("busy", Duration.ofSeconds(1)), new TimeoutError(60_000),
                new RequestError("connection refused", null));
        for (RuntimeException error : transientErrors) {
            ScriptedProvider first = new ScriptedProvider("first").fail(error);
            ScriptedProvider second = new ScriptedProvider("second").answer("from second");

            assertThat(FallbackProvider.of(first, second).complete(REQUEST).content())
                    .as(error.toString()).isEqualTo("from second");
            assertThat(first.completeCalls).hasValue(1);
            assertThat(second.completeCalls).hasValue(1);
        }
    }

    @Test
    void stopsAtOnceForErrorsThatWouldRecurElsewhere() {
        List<RuntimeException> finalErrors = List.of(new AuthError("401"), status(400), status(403), status(422),
                new ValidationError("messages", "empty"), new ContentPolicyError("refused"));
        for (RuntimeException error : finalErrors) {
            ScriptedProvider first = new ScriptedProvider("first").fail(error);
            ScriptedProvider second = new ScriptedProvider("second");

            assertThatThrownBy(() -> FallbackProvider.of(first, second).complete(REQUEST)).isSameAs(error);
            assertThat(second.totalCalls()).as(error.toString()).isZero();
        }
    }

    @Test
    void whenAllFailTheLastErrorIsThrownWithTheOthersAttached() {
        ProviderError one = status(502);
        TimeoutError two = new TimeoutError(10);
        RateLimitError three = new RateLimitError("busy", null);
        primary.fail(one);
        backup.fail(two);
        last.fail(three);

        assertThatThrownBy(() -> FallbackProvider.of(primary, backup, last).complete(REQUEST))
                .isSameAs(three)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(one, two));
    }

    @Test
    void aLaterNonRetryableErrorEndsTheChain() {
        primary.fail(status(503));
        backup.fail(new AuthError("backup key revoked"));

        assertThatThrownBy(() -> FallbackProvider.of(primary, backup, last).complete(REQUEST))
                .isInstanceOf(AuthError.class);
        assertThat(last.totalCalls()).isZero();
    }

    @Test
    void theFirstProviderAnswersWhenItCan() {
        assertThat(FallbackProvider.of(primary, backup).complete(REQUEST).content()).isEqualTo("primary-ok");
        assertThat(backup.totalCalls()).isZero();
    }

    @Test
    void asyncFallsBackTheSameWay() throws Exception {
        primary.withNativeAsync().fail(status(500));
        backup.withNativeAsync().fail(new TimeoutError(1));
        last.withNativeAsync().answer("async third");
        FallbackProvider provider = FallbackProvider.of(primary, backup, last);

        assertThat(provider.completeAsync(REQUEST).get(5, TimeUnit.SECONDS).content()).isEqualTo("async third");

        ScriptedProvider denied = new ScriptedProvider("denied").withNativeAsync().fail(status(401));
        ScriptedProvider unused = new ScriptedProvider("unused").withNativeAsync();
        assertThatThrownBy(() -> FallbackProvider.of(denied, unused).completeAsync(REQUEST).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(ProviderError.class);
        assertThat(unused.asyncCalls).hasValue(0);
    }

    @Test
    void aStreamMovesOnOnlyBeforeItsFirstChunk() {
        primary.failAfterChunks(status(503));
        List<StreamChunk> chunks = new ArrayList<>();
        assertThat(FallbackProvider.of(primary, backup).stream(REQUEST, chunks::add).content()).isEqualTo("backup-ok");
        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("backup-ok");

        ScriptedProvider halfway = new ScriptedProvider("halfway").failAfterChunks(status(503), "Hel");
        ScriptedProvider spare = new ScriptedProvider("spare");
        List<StreamChunk> seen = new ArrayList<>();
        assertThatThrownBy(() -> FallbackProvider.of(halfway, spare).stream(REQUEST, seen::add))
                .isInstanceOf(ProviderError.class);
        assertThat(spare.totalCalls()).isZero();
        assertThat(seen).extracting(StreamChunk::delta).containsExactly("Hel");
    }

    @Test
    void embeddingsStayOnThePrimaryUnlessAllowed() {
        primary.fail(status(503)).fail(status(503));
        assertThatThrownBy(() -> FallbackProvider.of(primary, backup).embed(List.of("x")))
                .isInstanceOf(ProviderError.class);
        assertThat(backup.embedCalls).hasValue(0);

        assertThat(FallbackProvider.of(primary, backup).withEmbeddingFallback(true).embed(List.of("x")).model())
                .isEqualTo("backup-embed");
    }

    @Test
    void identityAndComputeMethodsAreThePrimarys() {
        FallbackProvider provider = FallbackProvider.of(primary, backup);
        assertThat(provider.providerId()).isEqualTo("primary");
        assertThat(provider.modelId()).isEqualTo("primary-model");
        assertThat(provider.generateImage(null)).isSameAs(primary.image);
        assertThatThrownBy(() -> FallbackProvider.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
