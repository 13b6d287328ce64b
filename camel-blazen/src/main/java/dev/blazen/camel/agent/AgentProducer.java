package dev.blazen.camel.agent;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.model.ChatRequests;
import dev.blazen.camel.model.ModelHeaders;
import dev.blazen.camel.model.ModelProducer;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.llm.agent.Agent;
import dev.blazen.llm.agent.AgentConfig;
import dev.blazen.llm.agent.AgentEvent;
import dev.blazen.llm.agent.AgentResult;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.conversation.ConversationMemory;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.tool.BeanTools;
import dev.blazen.llm.tool.Tool;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NoSuchBeanException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code blazen:agent}: the tool-calling loop. Its tools are the blazen:tool routes carrying one of {@code tags} (all
 * of them without tags) plus the beans named in {@code tools}. The result is the final answer's text (or the exit
 * tool's result); headers carry iterations, token totals, cost and the tool executions. Inside a workflow step, every
 * agent event (tool called, result, error, iteration complete) is also written to the run's stream. With a
 * CamelBlazenMemoryId header the conversation continues across exchanges.
 */
public class AgentProducer extends ModelProducer {

    private List<Tool> beanTools = List.of();

    public AgentProducer(BlazenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String refs = endpoint.getConfiguration().getTools();
        if (refs != null && !refs.isBlank()) {
            List<Tool> tools = new ArrayList<>();
            for (String ref : refs.split(",")) {
                String name = ref.strip().startsWith("#") ? ref.strip().substring(1) : ref.strip();
                Object bean = endpoint.getCamelContext().getRegistry().lookupByName(name);
                if (bean == null) {
                    throw new NoSuchBeanException(name, "a Tool or a bean with @Tool methods");
                }
                if (bean instanceof Tool tool) {
                    tools.add(tool);
                } else {
                    tools.addAll(BeanTools.of(bean));
                }
            }
            beanTools = List.copyOf(tools);
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            run(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private void run(Exchange exchange) {
        BlazenConfiguration configuration = endpoint.getConfiguration();
        Message message = exchange.getMessage();
        CompletionRequest request = ChatRequests.from(exchange, configuration);
        String memoryId = message.getHeader(BlazenConstants.MEMORY_ID, String.class);
        ConversationMemory memory = ((BlazenComponent) endpoint.getComponent()).conversationMemory();
        CompletionRequest prepared = memoryId == null ? request : memory.withHistory(memoryId, request);

        List<Tool> tools = new ArrayList<>(((BlazenComponent) endpoint.getComponent()).getRouteTools().tagged(configuration.getTags()));
        tools.addAll(beanTools);
        AgentConfig config = AgentConfig.of(tools)
                .withMaxIterations(configuration.getMaxIterations())
                .withToolConcurrency(configuration.getToolConcurrency())
                .withExitTool(configuration.getExitTool())
                .withToolTimeout(configuration.getToolTimeout() > 0 ? Duration.ofMillis(configuration.getToolTimeout()) : null)
                .withTemperature(prepared.temperature())
                .withMaxTokens(prepared.maxTokens());

        AgentResult result = Agent.run(provider, prepared.messages(), config, streamInto(exchange));
        if (memoryId != null) {
            memory.record(memoryId, request, result.response());
        }
        ModelHeaders.write(message, result.response().model(), result.response().finishReason(), result.totalUsage(),
                result.totalCost());
        message.setHeader(BlazenConstants.ITERATIONS, result.iterations());
        message.setHeader(BlazenConstants.TOOL_EXECUTIONS, result.toolExecutions());
        setResult(exchange, result.exitResult() != null
                ? HttpTransport.JSON.convertValue(result.exitResult(), Object.class) : result.content());
    }

    /** Inside a workflow step the agent's events go to the run's stream as well. */
    private static Consumer<AgentEvent> streamInto(Exchange exchange) {
        Object context = exchange.getVariable(BlazenConstants.CONTEXT_VARIABLE);
        if (context instanceof WorkflowContext workflow) {
            return workflow::writeEventToStream;
        }
        return event -> { };
    }
}
