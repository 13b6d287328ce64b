package dev.blazen.llm.provider.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.compute.ImageRequest;
import dev.blazen.llm.compute.MusicRequest;
import dev.blazen.llm.compute.SpeechRequest;
import dev.blazen.llm.compute.TranscriptionRequest;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolDefinition WEATHER = new ToolDefinition("weather", "current weather",
            JSON.createObjectNode().put("type", "object"));
    private static final ToolDefinition CLOCK = new ToolDefinition("clock", "current time",
            JSON.createObjectNode().put("type", "object"));

    private final RecordingProvider base = new RecordingProvider();

    private CompletionRequest sentCompletion() {
        return (CompletionRequest) base.last();
    }

    @Test
    void systemPromptIsPrependedAheadOfTheRequestsOwnSystemMessages() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withSystemPrompt("Be terse.");

        provider.complete(CompletionRequest.of(ChatMessage.system("Answer in French."), ChatMessage.user("hi")));

        List<ChatMessage> messages = sentCompletion().messages();
        assertThat(messages).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.SYSTEM, Role.USER);
        assertThat(messages).extracting(ChatMessage::text).containsExactly("Be terse.", "Answer in French.", "hi");
    }

    @Test
    void systemPromptIsNotAddedTwice() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withSystemPrompt("Be terse.");

        provider.complete(CompletionRequest.of(ChatMessage.system("Be terse."), ChatMessage.user("hi")));

        assertThat(sentCompletion().messages()).extracting(ChatMessage::text).containsExactly("Be terse.", "hi");
    }

    @Test
    void defaultToolsApplyOnlyWhenTheRequestHasNone() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withTools(List.of(WEATHER));

        provider.complete(CompletionRequest.of(ChatMessage.user("hi")));
        assertThat(sentCompletion().tools()).containsExactly(WEATHER);

        provider.complete(CompletionRequest.of(ChatMessage.user("hi")).withTools(List.of(CLOCK)));
        assertThat(sentCompletion().tools()).containsExactly(CLOCK);
    }

    @Test
    void defaultResponseFormatAppliesOnlyWhenTheRequestHasNone() throws Exception {
        JsonNode jsonMode = JSON.readTree("{\"type\":\"json_object\"}");
        JsonNode schema = JSON.readTree("{\"type\":\"object\"}");
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withResponseFormat(jsonMode);

        provider.stream(CompletionRequest.of(ChatMessage.user("hi")), chunk -> { });
        assertThat(sentCompletion().responseFormat()).isEqualTo(jsonMode);

        provider.complete(CompletionRequest.of(ChatMessage.user("hi")).withResponseFormat(schema));
        assertThat(sentCompletion().responseFormat()).isEqualTo(schema);
    }

    @Test
    void defaultsApplyToAsyncAndStreamedCompletionsToo() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withSystemPrompt("Be terse.");

        provider.completeAsync(CompletionRequest.of(ChatMessage.user("a"))).join();
        assertThat(sentCompletion().messages().get(0).text()).isEqualTo("Be terse.");

        List<String> deltas = new ArrayList<>();
        provider.stream(CompletionRequest.of(ChatMessage.user("b")), chunk -> deltas.add(chunk.delta()));
        assertThat(sentCompletion().messages().get(0).text()).isEqualTo("Be terse.");
        assertThat(deltas).containsExactly("ok");
    }

    @Test
    void beforeRequestSeesMethodNamesAndRequests() {
        List<String> seen = new ArrayList<>();
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withBeforeRequest((method, request) -> {
            String kind = request == null ? "null"
                    : request instanceof List<?> list ? "texts" + list : request.getClass().getSimpleName();
            seen.add(method + ":" + kind);
            return null;
        });

        provider.complete(CompletionRequest.of(ChatMessage.user("a")));
        provider.stream(CompletionRequest.of(ChatMessage.user("b")), chunk -> { });
        provider.embed(List.of("x"));
        provider.textToSpeech(SpeechRequest.of("hello"));
        provider.listVoices();

        assertThat(seen).containsExactly("complete:CompletionRequest", "stream:CompletionRequest",
                "embed:texts[x]", "textToSpeech:SpeechRequest", "listVoices:null");
    }

    @Test
    void beforeRequestReplacesTheRequestAndSeesTheDefaultsAlreadyApplied() {
        List<Integer> messageCounts = new ArrayList<>();
        ConfiguredProvider provider = ConfiguredProvider.wrap(base)
                .withSystemPrompt("Be terse.")
                .withBeforeRequest((method, request) -> {
                    if (request instanceof CompletionRequest completion) {
                        messageCounts.add(completion.messages().size());
                        return completion.withModel("traced-model");
                    }
                    if (request instanceof List<?> texts) {
                        return texts.stream().map(t -> "query: " + t).toList();
                    }
                    return request;
                });

        provider.complete(CompletionRequest.of(ChatMessage.user("hi")));
        assertThat(sentCompletion().model()).isEqualTo("traced-model");
        assertThat(messageCounts).containsExactly(2);

        provider.embed(List.of("cats"));
        assertThat(base.last()).isEqualTo(List.of("query: cats"));
    }

    @Test
    void aHookReturningTheWrongTypeIsAValidationError() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withBeforeRequest((method, request) -> "oops");

        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("hi"))))
                .isInstanceOf(ValidationError.class)
                .hasMessageContaining("String")
                .hasMessageContaining("CompletionRequest");
        assertThat(base.received).isEmpty();
    }

    @Test
    void aFailingHookFailsTheAsyncCallWithoutReachingTheProvider() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withBeforeCompletion(r -> {
            throw new ValidationError("messages", "too long");
        });

        assertThat(provider.completeAsync(CompletionRequest.of(ChatMessage.user("hi"))))
                .failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableThat().havingCause().isInstanceOf(ValidationError.class);
        assertThat(base.received).isEmpty();
    }

    @Test
    void musicDefaultsCoverMusicAndSoundEffects() {
        List<String> prompts = new ArrayList<>();
        ConfiguredProvider provider = ConfiguredProvider.wrap(base)
                .withDefaults(RoleDefaults.music(r -> new MusicRequest(r.prompt() + ", lo-fi",
                        r.durationSeconds(), r.model(), r.parameters())))
                .withBeforeRequest((method, request) -> {
                    prompts.add(method + ":" + ((MusicRequest) request).prompt());
                    return null;
                });

        assertThatThrownBy(() -> provider.generateMusic(new MusicRequest("rain", null, null, null)))
                .isInstanceOf(UnsupportedError.class);
        assertThatThrownBy(() -> provider.generateSfx(new MusicRequest("door", null, null, null)))
                .isInstanceOf(UnsupportedError.class);
        assertThat(prompts).containsExactly("generateMusic:rain, lo-fi", "generateSfx:door, lo-fi");
    }

    @Test
    void beforeCompletionHooksRunInOrderAfterTheDefaults() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base)
                .withTools(List.of(WEATHER))
                .withBeforeCompletion(r -> r.withTemperature(r.tools().isEmpty() ? 0.0 : 0.5))
                .withBeforeCompletion(r -> r.withMaxTokens((int) (r.temperature() * 100)));

        provider.complete(CompletionRequest.of(ChatMessage.user("hi")));

        assertThat(sentCompletion().temperature()).isEqualTo(0.5);
        assertThat(sentCompletion().maxTokens()).isEqualTo(50);
    }

    @Test
    void roleHookChangesOnlyItsComputeRequests() {
        ConfiguredProvider provider = ConfiguredProvider.wrap(base)
                .withDefaults(RoleDefaults.imageGeneration(r -> new ImageRequest(r.prompt(), "blurry", 1024, 768,
                        r.numImages(), "flux-dev", r.parameters())));

        provider.generateImage(ImageRequest.of("a cat"));
        provider.textToSpeech(SpeechRequest.of("hello"));

        assertThat(base.received.get(0)).isEqualTo(new ImageRequest("a cat", "blurry", 1024, 768, null, "flux-dev",
                null));
        assertThat(base.received.get(1)).isEqualTo(SpeechRequest.of("hello"));
    }

    @Test
    void roleHooksChainAndRunBeforeTheUniversalHook() {
        List<Object> universalSaw = new ArrayList<>();
        ConfiguredProvider provider = ConfiguredProvider.wrap(base)
                .withDefaults(RoleDefaults.speech(r -> new SpeechRequest(r.text(), "alloy", null, null, null, null,
                        null)))
                .withDefaults(RoleDefaults.speech(r -> new SpeechRequest(r.text() + "!", r.voice(), null, null, 1.5,
                        null, null)))
                .withBeforeRequest((method, request) -> {
                    universalSaw.add(request);
                    return null;
                });

        provider.textToSpeech(SpeechRequest.of("hello"));

        SpeechRequest expected = new SpeechRequest("hello!", "alloy", null, null, 1.5, null, null);
        assertThat(base.last()).isEqualTo(expected);
        assertThat(universalSaw).containsExactly(expected);
    }

    @Test
    void buildersReturnNewInstancesAndLeaveTheOriginalUnchanged() {
        ConfiguredProvider plain = ConfiguredProvider.wrap(base);
        ConfiguredProvider terse = plain.withSystemPrompt("Be terse.");
        ConfiguredProvider tooled = terse.withTools(List.of(WEATHER));

        assertThat(terse).isNotSameAs(plain);
        assertThat(tooled).isNotSameAs(terse);

        plain.complete(CompletionRequest.of(ChatMessage.user("hi")));
        assertThat(sentCompletion().messages()).hasSize(1);
        terse.complete(CompletionRequest.of(ChatMessage.user("hi")));
        assertThat(sentCompletion().messages()).hasSize(2);
        assertThat(sentCompletion().tools()).isEmpty();
        tooled.complete(CompletionRequest.of(ChatMessage.user("hi")));
        assertThat(sentCompletion().tools()).containsExactly(WEATHER);

        assertThat(plain.completionDefaults()).isEqualTo(CompletionDefaults.NONE);
        assertThat(terse.completionDefaults().tools()).isNull();
    }

    @Test
    void wrappingAConfiguredProviderKeepsItsDefaults() {
        ConfiguredProvider terse = ConfiguredProvider.wrap(base).withSystemPrompt("Be terse.");

        assertThat(ConfiguredProvider.wrap(terse)).isSameAs(terse);
        assertThat(terse.delegate()).isSameAs(base);
        assertThat(terse.providerId()).isEqualTo("recording");
    }

    @Test
    void unsupportedMethodsStayUnsupportedAfterTheHooksRan() {
        List<String> seen = new ArrayList<>();
        ConfiguredProvider provider = ConfiguredProvider.wrap(base).withBeforeRequest((method, request) -> {
            seen.add(method);
            return null;
        });

        assertThatThrownBy(() -> provider.transcribe(TranscriptionRequest.of("u")))
                .isInstanceOf(UnsupportedError.class)
                .hasMessageContaining("transcribe");
        assertThat(seen).containsExactly("transcribe");
    }
}
