package dev.blazen.camel;

import dev.blazen.camel.workflow.WorkflowEngine;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The {@code blazen:} component: Blazen AI workflows as Camel routes. It owns the {@link WorkflowEngine} of its
 * CamelContext.
 */
@Component("blazen")
public class BlazenComponent extends DefaultComponent {

    @Metadata(description = "Default options for all blazen endpoints.")
    private BlazenConfiguration configuration = new BlazenConfiguration();

    @Metadata(label = "advanced", defaultValue = "512", description = "Step invocations in flight across every run of "
            + "this CamelContext; further events wait in their run's pending buffer. Also bounds the engine's thread pool.")
    private int engineMaxInFlight = 512;

    @Metadata(label = "advanced", description = "Threads running steps. Default: twice the number of cores, at least 4. "
            + "Steps that block a thread (synchronous I/O) need as many threads as should block at once; asynchronous "
            + "components need none while they wait.")
    private int workerThreads;

    private ExecutorService executor;
    private ScheduledExecutorService scheduler;
    private WorkflowEngine engine;

    public BlazenComponent() {
    }

    public BlazenComponent(CamelContext context) {
        super(context);
    }

    /** The workflow engine of the {@code blazen} component in {@code context}. */
    public static WorkflowEngine engine(CamelContext context) {
        return context.getComponent("blazen", BlazenComponent.class).getEngine();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.indexOf(':');
        String operation = colon < 0 ? remaining : remaining.substring(0, colon);
        String name = colon < 0 ? null : remaining.substring(colon + 1);
        BlazenEndpoint endpoint = new BlazenEndpoint(uri, this, BlazenOperation.parse(operation), name,
                configuration.copy());
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        int threads = workerThreads > 0 ? workerThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolProfile profile = new ThreadPoolProfile("BlazenWorkflow");
        // a fixed set of busy threads fed by a queue: handing each invocation to an idle thread costs more than the
        // step; the queue never holds more than the invocations in flight
        profile.setPoolSize(threads);
        profile.setMaxPoolSize(threads);
        profile.setMaxQueueSize(engineMaxInFlight + threads);
        profile.setAllowCoreThreadTimeOut(false);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns);
        executor = getCamelContext().getExecutorServiceManager().newThreadPool(this, "BlazenWorkflow", profile);
        scheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "BlazenTimer", 1);
        removeCancelledTimers(scheduler);
        engine = new WorkflowEngine(executor, scheduler, engineMaxInFlight);
    }

    @Override
    protected void doStop() throws Exception {
        if (engine != null) {
            engine.cancelAll("the blazen component is stopping");
        }
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        if (executor != null) {
            getCamelContext().getExecutorServiceManager().shutdown(executor);
        }
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdown(scheduler);
        }
        super.doShutdown();
    }

    /** Every run schedules a timeout and cancels it when it ends: drop cancelled timers at once, not when they were due. */
    private static void removeCancelledTimers(ScheduledExecutorService scheduler) {
        if (scheduler instanceof ScheduledThreadPoolExecutor pool) {
            pool.setRemoveOnCancelPolicy(true);
        } else if (scheduler instanceof org.apache.camel.util.concurrent.SizedScheduledExecutorService sized) {
            sized.getScheduledThreadPoolExecutor().setRemoveOnCancelPolicy(true);
        }
    }

    public WorkflowEngine getEngine() {
        if (engine == null) {
            init();
        }
        return engine;
    }

    /** Registers the {@code @Step} methods of {@code bean} as steps of {@code workflow}. */
    public List<String> addSteps(String workflow, Object bean) {
        return getEngine().addSteps(workflow, bean);
    }

    public BlazenConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(BlazenConfiguration configuration) {
        this.configuration = configuration;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public int getEngineMaxInFlight() {
        return engineMaxInFlight;
    }

    public void setEngineMaxInFlight(int engineMaxInFlight) {
        this.engineMaxInFlight = engineMaxInFlight;
    }
}
