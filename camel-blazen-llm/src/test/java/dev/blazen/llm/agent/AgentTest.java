package dev.blazen.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.tool.LlmPayload;
import dev.blazen.llm.tool.Tool;
import dev.blazen.llm.tool.ToolOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.blazen.llm.agent.ScriptedModel.answer;
import static dev.blazen.llm.agent.ScriptedModel.call;
import static dev.blazen.llm.agent.ScriptedModel.calls;
import static dev.blazen.llm.agent.ScriptedModel.json;
import static org.assertj.core.api.Assertions.assertThat;

class AgentTest {

    static final List<ChatMessage> QUESTION = List.of(ChatMessage.user("question"));

    static Tool tool(String name, java.util.function.Function<JsonNode, ToolOutput> handler) {
        return Tool.of(new ToolDefinition(name, "the " + name + " tool", json("{\"type\":\"object\"}")), handler);
    }

    /** A tool that sleeps for args.ms and tracks how many of its calls run at once. */
    static final class SlowTool {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final List<Integer> finished = Collections.synchronizedList(new ArrayList<>());

        Tool tool() {
            return AgentTest.tool("slow", args -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(args.path("ms").asInt());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    running.decrementAndGet();
                }
                finished.add(args.path("n").asInt());
                return ToolOutput.of(IntNode.valueOf(args.path("n").asInt()));
            });
        }
    }

    static ScriptedModel sixSlowCalls() {
        // later calls sleep less, so they finish first
        return new ScriptedModel().then(calls(
                call("c1", "slow", "{\"n\":1,\"ms\":300}"), call("c2", "slow", "{\"n\":2,\"ms\":250}"),
                call("c3", "slow", "{\"n\":3,\"ms\":200}"), call("c4", "slow", "{\"n\":4,\"ms\":150}"),
                call("c5", "slow", "{\"n\":5,\"ms\":100}"), call("c6", "slow", "{\"n\":6,\"ms\":50}")))
                .then(answer("done"));
    }

    static List<String> toolResults(AgentResult result) {
        return result.messages().stream().filter(m -> m.role() == Role.TOOL).map(ChatMessage::toolResultText).toList();
    }

    @Test
    void concurrentToolCallsRespectTheCapAndKeepTheCallOrder() {
        SlowTool slow = new SlowTool();
        long start = System.nanoTime();
        AgentResult result = Agent.run(sixSlowCalls(), QUESTION, AgentConfig.of(slow.tool()).withToolConcurrency(2));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(slow.peak.get()).isEqualTo(2);
        // 1050 ms of sleeping on two slots takes at least 525 ms
        assertThat(elapsedMs).isGreaterThanOrEqualTo(500);
        assertThat(toolResults(result)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(result.messages().stream().filter(m -> m.role() == Role.TOOL).map(ChatMessage::toolCallId))
                .containsExactly("c1", "c2", "c3", "c4", "c5", "c6");
        assertThat(result.toolExecutions()).extracting(e -> e.call().id())
                .containsExactly("c1", "c2", "c3", "c4", "c5", "c6");
        assertThat(result.content()).isEqualTo("done");
    }

    @Test
    void unlimitedConcurrencyRunsEveryCallOfATurnAtOnce() {
        SlowTool slow = new SlowTool();
        long start = System.nanoTime();
        AgentResult result = Agent.run(sixSlowCalls(), QUESTION, AgentConfig.of(slow.tool()));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(slow.peak.get()).isEqualTo(6);
        assertThat(elapsedMs).isLessThan(1000);
        assertThat(slow.finished.get(0)).isEqualTo(6);
        assertThat(toolResults(result)).containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    void toolCallsWithoutIdsGetStableOnesThatTieResultsToCalls() {
        Tool echo = tool("echo", args -> ToolOutput.ofValue("ok"));
        ScriptedModel model = new ScriptedModel()
                .then(calls(call(null, "echo", "{}"), call("", "echo", "{}")))
                .then(answer("done"));
        Agent.run(model, QUESTION, AgentConfig.of(echo));
        List<ChatMessage> sent = model.requests.get(1).messages();
        ChatMessage assistant = sent.stream().filter(m -> m.role() == Role.ASSISTANT).findFirst().orElseThrow();
        assertThat(assistant.toolCalls()).extracting(c -> c.id()).containsExactly("call_1_0", "call_1_1");
        assertThat(sent.stream().filter(m -> m.role() == Role.TOOL).map(ChatMessage::toolCallId))
                .containsExactly("call_1_0", "call_1_1");
    }

    @Test
    void toolErrorsAndUnknownToolsGoBackToTheModelAsErrorResults() {
        Tool failing = tool("db", args -> {
            throw new IllegalStateException("login failed with password=hunter2 key sk-abcdefghijklmnop1234\n\tat Db.x(Db.java:1)");
        });
        ScriptedModel model = new ScriptedModel()
                .then(calls(call("c1", "db", "{}"), call("c2", "nope", "{}")))
                .then(answer("sorry"));
        List<AgentEvent> events = new ArrayList<>();

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(failing), events::add);

        assertThat(result.content()).isEqualTo("sorry");
        List<String> sent = model.requests.get(1).messages().stream().filter(m -> m.role() == Role.TOOL)
                .map(ChatMessage::toolResultText).toList();
        assertThat(sent).containsExactly(
                "Error: IllegalStateException: login failed with password=*** key ***",
                "Error: unknown tool 'nope'; available tools: db");
        assertThat(String.join(" ", sent)).doesNotContain("hunter2", "sk-abcdef", "Db.java");
        assertThat(events).filteredOn(AgentEvent.ToolError.class::isInstance).hasSize(2);
        assertThat(result.toolExecutions()).allMatch(ToolExecution::failed);
    }

    @Test
    void aToolThatRunsPastItsTimeoutBecomesAnErrorResult() {
        Tool sleepy = tool("sleepy", args -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolOutput.of(TextNode.valueOf("late"));
        });
        ScriptedModel model = new ScriptedModel().then(calls(call("c1", "sleepy", "{}"))).then(answer("ok"));
        long start = System.nanoTime();

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(sleepy).withToolTimeout(Duration.ofMillis(100)));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(result.toolExecutions().get(0).error()).contains("timed out after 100 ms");
        assertThat(toolResults(result).get(0)).startsWith("Error: ToolError");
    }

    @Test
    void theBuiltInExitToolEndsTheRunWithItsArguments() {
        ScriptedModel model = new ScriptedModel()
                .then(calls(call("c1", "finish_workflow", "{\"answer\":\"42\"}")))
                .then(answer("never asked"));

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of().withExitTool("finish_workflow"));

        assertThat(model.requests).hasSize(1);
        assertThat(model.requests.get(0).tools()).extracting(ToolDefinition::name).containsExactly("finish_workflow");
        assertThat(model.requests.get(0).tools().get(0).parameters().at("/required/0").asText()).isEqualTo("answer");
        assertThat(result.exitResult()).isEqualTo(json("{\"answer\":\"42\"}"));
        assertThat(result.iterations()).isEqualTo(1);
    }

    @Test
    void aConfiguredExitToolRunsAndItsResultEndsTheRun() {
        Tool finish = tool("finish_workflow", args -> ToolOutput.of(json("{\"status\":\"filed\"}")));
        Tool other = tool("lookup", args -> ToolOutput.of(TextNode.valueOf("found")));
        ScriptedModel model = new ScriptedModel()
                .then(calls(call("c1", "lookup", "{}")))
                .then(calls(call("c2", "lookup", "{}"), call("c3", "finish_workflow", "{\"x\":1}")))
                .then(answer("never asked"));

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(other, finish).withExitTool("finish_workflow"));

        assertThat(model.requests).hasSize(2);
        assertThat(result.iterations()).isEqualTo(2);
        assertThat(result.exitResult()).isEqualTo(json("{\"status\":\"filed\"}"));
        assertThat(toolResults(result)).containsExactly("found", "found", "{\"status\":\"filed\"}");
    }

    @Test
    void reachingMaxIterationsForcesOneLastCallWithoutTools() {
        AtomicInteger counter = new AtomicInteger();
        ScriptedModel model = new ScriptedModel().otherwise(request -> request.tools().isEmpty()
                ? answer("forced answer")
                : calls(call("c" + counter.incrementAndGet(), "echo", "{}")));

        AgentResult result = Agent.run(model, QUESTION,
                AgentConfig.of(tool("echo", args -> ToolOutput.of(TextNode.valueOf("again")))).withMaxIterations(3));

        assertThat(model.requests).hasSize(4);
        assertThat(model.requests.subList(0, 3)).allMatch(r -> r.tools().size() == 1);
        assertThat(model.requests.get(3).tools()).isEmpty();
        assertThat(result.iterations()).isEqualTo(3);
        assertThat(result.content()).isEqualTo("forced answer");
        // the forced call still sees every tool result
        assertThat(model.requests.get(3).messages().stream().filter(m -> m.role() == Role.TOOL)).hasSize(3);
    }

    @Test
    void theDefaultMaxIterationsIsTen() {
        assertThat(AgentConfig.of().maxIterations()).isEqualTo(10);
        ScriptedModel model = new ScriptedModel().otherwise(request -> request.tools().isEmpty()
                ? answer("forced") : calls(call("c", "echo", "{}")));
        AgentResult result = Agent.run(model, QUESTION,
                AgentConfig.of(tool("echo", args -> ToolOutput.of(TextNode.valueOf("x")))));
        assertThat(model.requests).hasSize(11);
        assertThat(result.iterations()).isEqualTo(10);
    }

    @Test
    void usageAndCostAreSummedOverEveryModelCall() {
        ScriptedModel model = new ScriptedModel()
                .then(calls(call("c1", "echo", "{}")).withCost(0.25))
                .then(calls(call("c2", "echo", "{}")))
                .then(answer("done").withCost(0.5));
        List<AgentEvent> events = new ArrayList<>();

        AgentResult result = Agent.run(model, QUESTION,
                AgentConfig.of(tool("echo", args -> ToolOutput.of(TextNode.valueOf("x")))), events::add);

        assertThat(result.totalUsage()).isEqualTo(new TokenUsage(40, 17, 57));
        assertThat(result.totalCost()).isEqualTo(0.75);
        assertThat(result.timing().totalMs()).isNotNull();
        assertThat(events).filteredOn(AgentEvent.IterationComplete.class::isInstance)
                .map(e -> ((AgentEvent.IterationComplete) e).usage().totalTokens())
                .containsExactly(15L, 30L, 57L);
        assertThat(events).filteredOn(AgentEvent.IterationComplete.class::isInstance)
                .map(e -> ((AgentEvent.IterationComplete) e).cost())
                .containsExactly(0.25, 0.25, 0.75);
    }

    @Test
    void eventsArriveInOrder() {
        ScriptedModel model = new ScriptedModel()
                .then(calls(call("c1", "a", "{}"), call("c2", "b", "{}")))
                .then(answer("done"));
        Tool a = tool("a", args -> ToolOutput.of(TextNode.valueOf("A")));
        Tool b = tool("b", args -> {
            throw new IllegalArgumentException("bad");
        });
        List<String> seen = new ArrayList<>();

        Agent.run(model, QUESTION, AgentConfig.of(a, b), event -> seen.add(describe(event)));

        assertThat(seen).containsExactly("called a@1", "called b@1", "result a=A",
                "error b: IllegalArgumentException: bad", "iteration 1 tools=true", "iteration 2 tools=false");
    }

    @Test
    void theModelSeesTheOverrideWhileCallersSeeTheData() {
        JsonNode full = json("{\"items\":[1,2,3],\"raw\":\"...\"}");
        Tool search = tool("search", args -> ToolOutput.withOverride(full, new LlmPayload.Text("Found 3 items.")));
        ScriptedModel model = new ScriptedModel().then(calls(call("c1", "search", "{}"))).then(answer("3"));
        List<AgentEvent> events = new ArrayList<>();

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(search), events::add);

        ChatMessage sent = model.requests.get(1).messages().get(2);
        assertThat(sent.role()).isEqualTo(Role.TOOL);
        assertThat(sent.toolResultText()).isEqualTo("Found 3 items.");
        assertThat(sent.toolResult()).isNull();
        assertThat(result.toolExecutions().get(0).output().data()).isEqualTo(full);
        assertThat(events).filteredOn(AgentEvent.ToolResult.class::isInstance)
                .map(e -> ((AgentEvent.ToolResult) e).output().data()).containsExactly(full);
    }

    @Test
    void aJsonOverrideIsSentAsStructuredResult() {
        Tool search = tool("search", args -> ToolOutput.withOverride(json("{\"big\":true}"),
                new LlmPayload.Json(json("{\"count\":3}"))));
        ScriptedModel model = new ScriptedModel().then(calls(call("c1", "search", "{}"))).then(answer("3"));
        Agent.run(model, QUESTION, AgentConfig.of(search));
        assertThat(model.requests.get(1).messages().get(2).toolResult()).isEqualTo(json("{\"count\":3}"));
    }

    @Test
    void aProviderRawPayloadReachesOnlyItsProvider() {
        Tool raw = tool("raw", args -> ToolOutput.withOverride(json("{\"data\":1}"),
                new LlmPayload.ProviderRaw("anthropic", json("[{\"type\":\"text\",\"text\":\"raw\"}]"))));
        ScriptedModel anthropic = new ScriptedModel("anthropic").then(calls(call("c1", "raw", "{}"))).then(answer("ok"));
        ScriptedModel other = new ScriptedModel("gemini").then(calls(call("c1", "raw", "{}"))).then(answer("ok"));

        Agent.run(anthropic, QUESTION, AgentConfig.of(raw));
        Agent.run(other, QUESTION, AgentConfig.of(raw));

        assertThat(anthropic.requests.get(1).messages().get(2).toolResult())
                .isEqualTo(json("[{\"type\":\"text\",\"text\":\"raw\"}]"));
        assertThat(other.requests.get(1).messages().get(2).toolResult()).isEqualTo(json("{\"data\":1}"));
    }

    @Test
    void systemPromptAndSamplingSettingsReachEveryCall() {
        ScriptedModel model = new ScriptedModel().then(calls(call("c1", "echo", "{}"))).then(answer("done"));

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(tool("echo", args -> ToolOutput.of(args)))
                .withSystemPrompt("Be brief.").withTemperature(0.2).withMaxTokens(99));

        assertThat(model.requests).allSatisfy(request -> {
            assertThat(request.messages().get(0)).isEqualTo(ChatMessage.system("Be brief."));
            assertThat(request.temperature()).isEqualTo(0.2);
            assertThat(request.maxTokens()).isEqualTo(99);
        });
        assertThat(result.messages()).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(result.messages().get(4).text()).isEqualTo("done");
    }

    @Test
    void contentReferencesAreResolvedBeforeTheToolRuns() {
        JsonNode schema = json("""
                {"type":"object","properties":{
                   "photo":{"type":"string","x-blazen-content-ref":{"kind":"image"}},
                   "note":{"type":"string"}},"required":["photo"]}""");
        List<JsonNode> received = new ArrayList<>();
        Tool analyze = Tool.of(new ToolDefinition("analyze", "looks at a photo", schema), args -> {
            received.add(args);
            return ToolOutput.of(TextNode.valueOf("seen"));
        });
        ScriptedModel model = new ScriptedModel()
                .then(calls(call("c1", "analyze", "{\"photo\":\"blazen_h1\",\"note\":\"blazen_h1\"}"),
                        call("c2", "analyze", "{\"photo\":\"blazen_missing\"}")))
                .then(answer("done"));

        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(analyze).withContentRefs((id, ref) ->
                id.equals("blazen_h1") ? json("{\"handle_id\":\"blazen_h1\",\"kind\":\"" + ref.path("kind").asText() + "\"}")
                        : null));

        assertThat(received).containsExactly(json("{\"photo\":{\"handle_id\":\"blazen_h1\",\"kind\":\"image\"},\"note\":\"blazen_h1\"}"));
        assertThat(result.toolExecutions().get(1).error()).contains("unknown content handle 'blazen_missing'");
        // without a resolver the id passes through unchanged
        ScriptedModel plain = new ScriptedModel().then(calls(call("c1", "analyze", "{\"photo\":\"blazen_h1\"}")))
                .then(answer("done"));
        Agent.run(plain, QUESTION, AgentConfig.of(analyze));
        assertThat(received.get(1)).isEqualTo(json("{\"photo\":\"blazen_h1\"}"));
    }

    @Test
    void aModelAnswerWithoutToolCallsEndsTheRunAtOnce() {
        ScriptedModel model = new ScriptedModel().then(answer("direct"));
        AgentResult result = Agent.run(model, QUESTION, AgentConfig.of(tool("echo", ToolOutput::of)));
        assertThat(result.iterations()).isZero();
        assertThat(result.content()).isEqualTo("direct");
        assertThat(result.toolExecutions()).isEmpty();
        assertThat(model.requests.get(0).tools()).hasSize(1);
    }

    static String describe(AgentEvent event) {
        if (event instanceof AgentEvent.ToolCalled e) {
            return "called " + e.toolCall().name() + "@" + e.iteration();
        }
        if (event instanceof AgentEvent.ToolResult e) {
            return "result " + e.toolCall().name() + "=" + e.output().data().asText();
        }
        if (event instanceof AgentEvent.ToolError e) {
            return "error " + e.toolCall().name() + ": " + e.message();
        }
        AgentEvent.IterationComplete e = (AgentEvent.IterationComplete) event;
        return "iteration " + e.iteration() + " tools=" + e.hadToolCalls();
    }
}
