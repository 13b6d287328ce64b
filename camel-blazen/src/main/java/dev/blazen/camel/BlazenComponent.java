package dev.blazen.camel;

import dev.blazen.camel.agent.RouteTools;
import dev.blazen.camel.inference.PoolBudgets;
import dev.blazen.camel.memory.MemoryStores;
import dev.blazen.camel.workflow.RouteCompensator;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreSpec;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;
import dev.blazen.llm.conversation.ConversationMemory;
import dev.blazen.llm.conversation.ConversationStore;
import dev.blazen.llm.conversation.InMemoryConversationStore;
import dev.blazen.llm.local.LocalInference;
import dev.blazen.llm.local.LocalInferenceFactory;
import dev.blazen.llm.prompt.PromptRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.PropertiesHelper;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Metadata(label = "advanced", description = "Prompt templates for blazen:prompt: a YAML/JSON file or a directory of "
            + "them, in Blazen's prompt file format.")
    private String promptsLocation;

    @Metadata(label = "advanced", autowired = true, description = "The prompt registry blazen:prompt renders from; "
            + "loaded from promptsLocation when not given.")
    private PromptRegistry promptRegistry;

    @Metadata(label = "advanced", autowired = true, description = "Where conversations (CamelBlazenMemoryId) are "
            + "kept; in memory when not given.")
    private ConversationStore conversationStore;

    @Metadata(label = "advanced", defaultValue = "4000", description = "Token budget of a remembered conversation's "
            + "history put before a new turn (oldest turns dropped first, system messages kept).")
    private int memoryMaxTokens = 4000;

    @Metadata(label = "advanced", description = "Memory budgets of the local model pools used by blazen:infer, as "
            + "pool=size pairs: cpu=4GiB,cuda:0=16GiB (sizes in bytes or with B, KB, MB, GB, KiB, MiB, GiB). A model "
            + "loading into a full pool evicts the least recently used models of that pool; a pool not listed has no "
            + "budget, so its models are refused. Default: cpu gets half of the machine's memory.")
    private String poolBudgets;

    @Metadata(label = "advanced", autowired = true, description = "The local inference runtime blazen:infer declares "
            + "its models in; by default one found through ServiceLoader (camel-blazen-inference), owned and closed by "
            + "the component.")
    private LocalInference localInference;

    @Metadata(label = "advanced", autowired = true, description = "Where durable workflow state is kept: run "
            + "checkpoints, parked human-input requests, pipeline progress and durable aggregation. In this JVM's memory "
            + "when not given (pause/resume and human input work, nothing survives the process).")
    private CheckpointStore checkpointStore;

    @Metadata(label = "advanced", enums = "memory,file,redis,jdbc", defaultValue = "memory", description = "The "
            + "checkpoint store to open when no checkpointStore bean is given: memory (this JVM only), file (an "
            + "append-only journal in checkpointPath, the embedded durable store), redis (checkpointRedisUri) or jdbc "
            + "(checkpointDataSource). With any but memory, runs are durable by default and recovered after a crash.")
    private String checkpointStoreType;

    @Metadata(label = "advanced", description = "Name of the checkpoint store: the Redis key namespace. Nodes that "
            + "share runs use the same name.", defaultValue = "default")
    private String checkpointName;

    @Metadata(label = "advanced", description = "Directory of the file checkpoint store.")
    private String checkpointPath;

    @Metadata(label = "advanced", enums = "always,interval,never", defaultValue = "always", description = "When the "
            + "file checkpoint store forces its writes to disk: always (a commit returns once on disk; concurrent "
            + "commits share one fsync), interval (a background fsync every second: a power cut can lose the last "
            + "second, a process crash nothing), never (only at compaction and close).")
    private String checkpointFsync;

    @Metadata(label = "advanced", description = "Redis server of the redis checkpoint store: "
            + "redis://[user:password@]host[:port][/db] or rediss:// for TLS.")
    private String checkpointRedisUri;

    @Metadata(label = "advanced", secret = true, description = "Password of the redis checkpoint store, when it is "
            + "not in the URI.")
    private String checkpointPassword;

    @Metadata(label = "advanced", description = "The javax.sql.DataSource of the jdbc checkpoint store.")
    private DataSource checkpointDataSource;

    @Metadata(label = "advanced", description = "Table of the jdbc checkpoint store, created when missing.",
              defaultValue = "blazen_checkpoint")
    private String checkpointTable;

    private boolean ownsCheckpointStore;
    private RouteCompensator compensator;

    @Metadata(label = "advanced", defaultValue = "true", description = "With a persistent checkpoint store: take over "
            + "unfinished runs that no live node executes (left by a crash or a stop) when the CamelContext has started, "
            + "and then every recoveryInterval.")
    private boolean recoverRuns = true;

    @Metadata(label = "advanced", javaType = "java.time.Duration", defaultValue = "5s", description = "How often this "
            + "node writes its heartbeat to the checkpoint store and looks for runs to recover.")
    private long recoveryInterval = 5_000;

    @Metadata(label = "advanced", javaType = "java.time.Duration", defaultValue = "15s", description = "A node whose "
            + "heartbeat is older than this is taken for dead, and its runs are recovered by the others. Longer than "
            + "recoveryInterval, with room for pauses.")
    private long ownerTimeout = 15_000;

    @Metadata(label = "advanced", defaultValue = "false", description = "Keep the record of a finished run (status, "
            + "result or error) in the checkpoint store instead of deleting it.")
    private boolean keepFinishedRuns;

    private boolean ownsLocalInference;
    private final MemoryStores memoryStores = new MemoryStores();
    private final RouteTools routeTools = new RouteTools();
    private ConversationMemory conversationMemory;

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
        BlazenEndpoint endpoint = new BlazenEndpoint(uri, this, BlazenApi.parse(operation), name,
                configuration.copy());
        // a tool's parameter.<name>[.description|.required|.enum] options form one map
        Map<String, Object> toolParameters = PropertiesHelper.extractProperties(parameters, "parameter.");
        if (!toolParameters.isEmpty()) {
            endpoint.getConfiguration().setParameters(toolParameters);
        }
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
        boolean persistent = !(checkpointStore() instanceof InMemoryCheckpointStore);
        engine.useCheckpointStore(checkpointStore(), persistent);
        engine.setKeepFinishedRuns(keepFinishedRuns);
        compensator = new RouteCompensator(getCamelContext());
        engine.setCompensator(compensator);
        // release (or cancel) runs as the context begins to stop, before step routes go away under them
        getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                engine.detachAll("the CamelContext is stopping");
            }
        });
        if (persistent && recoverRuns) {
            // after every route has started, so the recovered runs find their steps
            getCamelContext().addStartupListener(new ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    // routes are not started yet: wait for onCamelContextFullyStarted
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    engine.startRecovery(Duration.ofMillis(recoveryInterval), Duration.ofMillis(ownerTimeout));
                }
            });
        }
        conversationMemory = new ConversationMemory(conversationStore != null ? conversationStore : new InMemoryConversationStore(),
                memoryMaxTokens);
        if (promptRegistry == null && promptsLocation != null && !promptsLocation.isBlank()) {
            Path location = Path.of(promptsLocation);
            promptRegistry = Files.isDirectory(location) ? PromptRegistry.fromDir(location) : PromptRegistry.fromFile(location);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (engine != null) {
            engine.detachAll("the blazen component is stopping");
        }
        super.doStop();
    }

    /** The runtime of the local models, created on first use from the ServiceLoader when none was set. */
    public synchronized LocalInference localInference() {
        if (localInference == null) {
            localInference = LocalInferenceFactory.find(getCamelContext().getApplicationContextClassLoader() != null
                    ? getCamelContext().getApplicationContextClassLoader() : BlazenComponent.class.getClassLoader())
                    .create(PoolBudgets.parse(poolBudgets));
            ownsLocalInference = true;
        }
        return localInference;
    }

    /** The store of durable workflow state: the bean, else the declared one, else an in-memory one. */
    public synchronized CheckpointStore checkpointStore() {
        if (checkpointStore == null) {
            checkpointStore = new CheckpointStoreSpec(checkpointStoreType, checkpointName, checkpointPath,
                    checkpointFsync, checkpointRedisUri, checkpointPassword, checkpointDataSource, checkpointTable).open();
            ownsCheckpointStore = true;
        }
        return checkpointStore;
    }

    public String getCheckpointStoreType() {
        return checkpointStoreType;
    }

    public void setCheckpointStoreType(String checkpointStoreType) {
        this.checkpointStoreType = checkpointStoreType;
    }

    public String getCheckpointName() {
        return checkpointName;
    }

    public void setCheckpointName(String checkpointName) {
        this.checkpointName = checkpointName;
    }

    public String getCheckpointPath() {
        return checkpointPath;
    }

    public void setCheckpointPath(String checkpointPath) {
        this.checkpointPath = checkpointPath;
    }

    public String getCheckpointFsync() {
        return checkpointFsync;
    }

    public void setCheckpointFsync(String checkpointFsync) {
        this.checkpointFsync = checkpointFsync;
    }

    public String getCheckpointRedisUri() {
        return checkpointRedisUri;
    }

    public void setCheckpointRedisUri(String checkpointRedisUri) {
        this.checkpointRedisUri = checkpointRedisUri;
    }

    public String getCheckpointPassword() {
        return checkpointPassword;
    }

    public void setCheckpointPassword(String checkpointPassword) {
        this.checkpointPassword = checkpointPassword;
    }

    public DataSource getCheckpointDataSource() {
        return checkpointDataSource;
    }

    public void setCheckpointDataSource(DataSource checkpointDataSource) {
        this.checkpointDataSource = checkpointDataSource;
    }

    public String getCheckpointTable() {
        return checkpointTable;
    }

    public void setCheckpointTable(String checkpointTable) {
        this.checkpointTable = checkpointTable;
    }

    public boolean isRecoverRuns() {
        return recoverRuns;
    }

    public void setRecoverRuns(boolean recoverRuns) {
        this.recoverRuns = recoverRuns;
    }

    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    public void setRecoveryInterval(long recoveryInterval) {
        this.recoveryInterval = recoveryInterval;
    }

    public long getOwnerTimeout() {
        return ownerTimeout;
    }

    public void setOwnerTimeout(long ownerTimeout) {
        this.ownerTimeout = ownerTimeout;
    }

    public boolean isKeepFinishedRuns() {
        return keepFinishedRuns;
    }

    public void setKeepFinishedRuns(boolean keepFinishedRuns) {
        this.keepFinishedRuns = keepFinishedRuns;
    }

    public CheckpointStore getCheckpointStore() {
        return checkpointStore;
    }

    public void setCheckpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
    }

    /** The memory stores the blazen:memory endpoints opened, by name. */
    public MemoryStores memoryStores() {
        return memoryStores;
    }

    @Override
    protected void doShutdown() throws Exception {
        memoryStores.close();
        if (compensator != null) {
            compensator.close();
        }
        synchronized (this) {
            if (ownsCheckpointStore && checkpointStore != null) {
                checkpointStore.close();
                checkpointStore = null;
                ownsCheckpointStore = false;
            }
        }
        synchronized (this) {
            if (ownsLocalInference && localInference != null) {
                localInference.close();
                localInference = null;
                ownsLocalInference = false;
            }
        }
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

    /** The blazen:tool routes started in this CamelContext. */
    public RouteTools getRouteTools() {
        return routeTools;
    }

    public ConversationMemory conversationMemory() {
        getEngine(); // initialises the component
        return conversationMemory;
    }

    public String getPoolBudgets() {
        return poolBudgets;
    }

    public void setPoolBudgets(String poolBudgets) {
        this.poolBudgets = poolBudgets;
    }

    public LocalInference getLocalInference() {
        return localInference;
    }

    public void setLocalInference(LocalInference localInference) {
        this.localInference = localInference;
    }

    public String getPromptsLocation() {
        return promptsLocation;
    }

    public void setPromptsLocation(String promptsLocation) {
        this.promptsLocation = promptsLocation;
    }

    public PromptRegistry getPromptRegistry() {
        return promptRegistry;
    }

    public void setPromptRegistry(PromptRegistry promptRegistry) {
        this.promptRegistry = promptRegistry;
    }

    public ConversationStore getConversationStore() {
        return conversationStore;
    }

    public void setConversationStore(ConversationStore conversationStore) {
        this.conversationStore = conversationStore;
    }

    public int getMemoryMaxTokens() {
        return memoryMaxTokens;
    }

    public void setMemoryMaxTokens(int memoryMaxTokens) {
        this.memoryMaxTokens = memoryMaxTokens;
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
