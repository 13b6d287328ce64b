package dev.blazen.camel;

import org.apache.camel.RuntimeCamelException;

import java.util.Map;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of the {@code blazen:} endpoints; set on the component they become every endpoint's defaults. */
@Configurer
@UriParams
public class BlazenConfiguration implements Cloneable {

    @UriParam(label = "consumer,step", description = "Comma-separated event types this step accepts, for example "
            + "StartEvent or OrderPlaced,OrderCancelled. The built-ins may be written short (StartEvent) or with their "
            + "wire names (blazen::StartEvent).")
    private String accepts;

    @UriParam(label = "consumer,step", defaultValue = "0", description = "How many invocations of this step may run at "
            + "once across all runs; 0 = unlimited.")
    private int maxConcurrency;

    @UriParam(label = "consumer,step", javaType = "java.time.Duration", defaultValue = "0",
              description = "Per-invocation step timeout (for example 30s); 0 = none. A step that runs longer fails the "
                      + "run with StepTimeoutException.")
    private long stepTimeout;

    @UriParam(label = "consumer,step", defaultValue = "0", description = "Fan-in: when above 1, the step runs once for "
            + "every N accepted events and receives them as a List body.")
    private int collect;

    @UriParam(label = "consumer,step", description = "Saga: endpoint URI that undoes a completed invocation of this "
            + "step when the run fails, times out, is cancelled or is rejected by a human. It receives the step's input "
            + "as body and the run id, step and idempotency key as headers; compensations run in reverse order, each once.")
    private String compensation;

    @UriParam(label = "producer,pipeline,workflow", defaultValue = "false", description = "Return the run id at once "
            + "instead of waiting for the run's result (the StopEvent's, or the pipeline's last stage's).")
    private boolean async;

    @UriParam(label = "producer,workflow", description = "Checkpoint the run after every step so that it survives a "
            + "crash and resumes on any node. Default: on when the component has a persistent checkpoint store "
            + "(checkpointStore or checkpointStoreType), off with the in-memory default.")
    private Boolean durable;

    @UriParam(label = "producer,workflow", javaType = "java.time.Duration", defaultValue = "0", description = "How long "
            + "an input request may wait for its answer before the run fails with InputTimeoutException; 0 = no "
            + "limit. The workflow timeout does not tick while the run waits for a human.")
    private long inputTimeout;

    @UriParam(label = "producer,workflow", enums = "PICKLE_OR_ERROR,WARN_DROP,HARD_ERROR", defaultValue = "PICKLE_OR_ERROR",
              description = "What pausing the run does with its session entries (live objects): serialise them into "
                      + "the snapshot with Java serialization or fail (PICKLE_OR_ERROR), leave them out with a warning "
                      + "(WARN_DROP), or refuse to pause while there are any (HARD_ERROR).")
    private String sessionPausePolicy = "PICKLE_OR_ERROR";

    @UriParam(label = "producer,respond", defaultValue = "false", description = "Deliver a rejection instead of an "
            + "answer: the run fails with InputRejectedException and compensates its completed steps. The "
            + "CamelBlazenRejected header overrides it per message.")
    private boolean reject;

    @UriParam(label = "producer,workflow", javaType = "java.time.Duration", defaultValue = "5m",
              description = "Deadline of the whole run; a run still going then fails with WorkflowTimeoutException.")
    private long workflowTimeout = 300_000;

    @UriParam(label = "producer,workflow", defaultValue = "64", description = "Step invocations of one run that may run "
            + "at once; further events wait in the run's pending buffer.")
    private int maxInFlight = 64;

    @UriParam(label = "producer,workflow", defaultValue = "10000", description = "Events one run may hold waiting for "
            + "dispatch; a step calling sendEvent waits while the buffer is full.")
    private int maxPendingEvents = 10_000;

    @UriParam(label = "producer,workflow", defaultValue = "true", description = "Write step started, completed (with "
            + "duration) and failed events to the run's stream.")
    private boolean lifecycleEvents = true;

    @UriParam(label = "producer", description = "Store the result in this exchange variable and keep the message body "
            + "as it was.")
    private String resultVariable;

    @UriParam(label = "producer,model", description = "The model: provider:model (for example openai:gpt-4o-mini, "
            + "anthropic:claude-sonnet-4-5, ollama:llama3.1, local:bge-small-en-v1.5) or #beanName of a CustomProvider, "
            + "CompletionModel or EmbeddingModel bean. For memory: the embedding model; without one the store is "
            + "local-only (searchLocal).")
    private String model;

    @UriParam(label = "producer,model", secret = true, description = "API key; by default the provider's standard "
            + "environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, ...).")
    private String apiKey;

    @UriParam(label = "producer,model", description = "Base URL of the provider's API, for proxies and local servers.")
    private String baseUrl;

    @UriParam(label = "producer,model", description = "System prompt put before the conversation when it has none.")
    private String systemPrompt;

    @UriParam(label = "producer,model", description = "Sampling temperature.")
    private Double temperature;

    @UriParam(label = "producer,model", description = "Maximum tokens to generate.")
    private Integer maxTokens;

    @UriParam(label = "producer,model", description = "Nucleus sampling parameter.")
    private Double topP;

    @UriParam(label = "producer,model", javaType = "java.time.Duration", defaultValue = "2m",
              description = "How long one model request may take.")
    private long requestTimeout = 120_000;

    @UriParam(label = "producer,stream", description = "Endpoint that receives each streamed chunk (body: the text "
            + "delta; header CamelBlazenChunkIndex), for example direct:tokens. The exchange itself continues with the "
            + "whole answer.")
    private String chunkUri;

    @UriParam(label = "producer,model", defaultValue = "0", description = "Retries of a failed model call (only errors "
            + "that may pass: rate limits, time-outs, network, 5xx), with exponential backoff from 1 s to 30 s, jitter, "
            + "and the provider's Retry-After honoured; 0 = none.")
    private int maxRetries;

    @UriParam(label = "producer,model", defaultValue = "false", description = "Cache answers of identical non-streamed "
            + "requests (300 s, 1000 entries).")
    private boolean cache;

    @UriParam(label = "producer,model", description = "Comma-separated model strings tried in order when the model "
            + "fails with an error that may pass (each gets the same retries); for example "
            + "anthropic:claude-sonnet-4-5,gemini:gemini-2.5-flash.")
    private String fallbackModels;

    @UriParam(label = "producer,batch", defaultValue = "8", description = "Requests of a batch in flight at once; 0 = "
            + "unlimited.")
    private int concurrency = 8;

    @UriParam(label = "producer,agent", description = "Comma-separated tags: the agent uses the blazen:tool routes "
            + "that carry at least one of them (all tool routes when not set).")
    private String tags;

    @UriParam(label = "producer,agent", description = "Comma-separated references to beans used as tools too: Tool "
            + "instances or beans with @Tool methods, for example #weatherTools.")
    private String tools;

    @UriParam(label = "producer,agent", defaultValue = "10", description = "Model turns before the agent is asked for a "
            + "final answer without tools.")
    private int maxIterations = 10;

    @UriParam(label = "producer,agent", defaultValue = "0", description = "Tool calls of one turn that run at once; 0 = "
            + "unlimited. Results go back to the model in the order it asked.")
    private int toolConcurrency;

    @UriParam(label = "producer,agent", description = "Name of a tool whose call ends the run with its result (for "
            + "example finish_workflow); a built-in one taking {answer} is added when no tool has that name.")
    private String exitTool;

    @UriParam(label = "producer,agent", javaType = "java.time.Duration", defaultValue = "0", description = "Time limit of "
            + "one tool call; a call running longer goes back to the model as an error result. 0 = none.")
    private long toolTimeout;

    @UriParam(label = "consumer,tool", description = "What the tool does, for the model. Required for a tool route.")
    private String description;

    @UriParam(label = "consumer,tool", prefix = "parameter.", multiValue = true, description = "The tool's arguments "
            + "as parameter.<name>=<type> (string, integer, number, boolean, object, array), with "
            + "parameter.<name>.description, parameter.<name>.required=true and parameter.<name>.enum=a,b,c.")
    private Map<String, Object> parameters;

    @UriParam(label = "consumer,tool", description = "JSON Schema of the tool's arguments (classpath: or a file path), "
            + "instead of parameter.<name> options.")
    private String inputSchema;

    @UriParam(label = "producer,prompt", description = "Version of the prompt to render; the latest when not set.")
    private String version;

    @UriParam(label = "producer,prompt", description = "An inline template instead of a registered one. Write variables "
            + "as [[name]]: Camel reads {{name}} in routes as a property placeholder before blazen sees it. \\[[ is a "
            + "literal [[.")
    private String template;

    @UriParam(label = "producer,extract", description = "Fully qualified class the answer is extracted into; its JSON "
            + "Schema is generated from the class.")
    private String outputClass;

    @UriParam(label = "producer,extract", description = "JSON Schema the answer must follow: classpath:schemas/x.json or a "
            + "file path. The result is then plain Java (Map, List, String, Number, Boolean).")
    private String jsonSchema;

    @UriParam(label = "producer,infer", enums = "embed,rerank,classify,raw", description = "What the local model does: embed (texts to vectors), rerank "
            + "(query and passages to scores, best first), classify (texts to labels with probabilities) or raw "
            + "(named tensors, or text through the model's tokenizer, to every output tensor). Default: embed when no "
            + "modelPath is given (the bundled presets bge-small-en-v1.5 and all-minilm-l6-v2, named by the "
            + "endpoint), raw otherwise.")
    private String task;

    @UriParam(label = "producer,infer", description = "The ONNX file of the local model: a file path or "
            + "classpath:resource.")
    private String modelPath;

    @UriParam(label = "producer,infer", description = "SHA-256 (hex) the ONNX file must have; a different file fails "
            + "to load. Not checked when not set.")
    private String sha256;

    @UriParam(label = "producer,infer", description = "The model's HuggingFace tokenizer.json (file path or "
            + "classpath:resource); needed for text input.")
    private String tokenizerPath;

    @UriParam(label = "producer,infer", description = "The model's HuggingFace config.json, whose id2label names a "
            + "classifier's outputs.")
    private String configPath;

    @UriParam(label = "producer,infer", description = "Comma-separated labels of a classifier's outputs, in output "
            + "order, instead of configPath.")
    private String labels;

    @UriParam(label = "producer,infer", enums = "cls,mean", description = "How an embedding model read from modelPath pools its token "
            + "vectors: cls or mean (the default).")
    private String pooling;

    @UriParam(label = "producer,infer", defaultValue = "0", description = "Tokens per text, special tokens included; "
            + "longer texts are truncated. 0 = the preset's own, or 512.")
    private int maxLength;

    @UriParam(label = "producer,infer", defaultValue = "cpu", description = "Where the model runs: cpu, cuda or "
            + "cuda:N. CUDA needs the onnxruntime_gpu build and a GPU; without them the model runs on the CPU after "
            + "one WARN log line.")
    private String device = "cpu";

    @UriParam(label = "producer,infer", defaultValue = "0", description = "ONNX Runtime intra-op threads per run; 0 = "
            + "its default, and for embed models one single-threaded run per core at once (the fastest measured).")
    private int threads;

    @UriParam(label = "producer,infer", defaultValue = "0", description = "Texts (or query-passage pairs) per ONNX "
            + "run; 0 = the task's default (32 for rerank and classify; 4 for embed, 1 for dynamically quantized "
            + "embedding models, whose vectors would otherwise depend on their batch).")
    private int batchSize;

    @UriParam(label = "producer,infer", description = "The memory pool the model is accounted in (see the component's "
            + "poolBudgets); default: the device (cpu, cuda:0).")
    private String pool;

    @UriParam(label = "producer,infer", description = "The model's memory estimate for its pool, in bytes or with a "
            + "unit (300MB, 2GiB); default: twice the ONNX file's size.")
    private String memoryEstimate;

    @UriParam(label = "producer,memory", enums = "add,search,searchLocal,get,delete,count,list", defaultValue = "search",
              description = "What blazen:memory does: add (body: a text, a Map {id, text, metadata} or a List of them; "
                      + "result: the id or ids), search (body: the query; result: a List of {id, text, score, metadata}, "
                      + "best first), searchLocal (the same by text SimHash, no embedder needed), get (body or "
                      + "CamelBlazenEntryId: the id; result: {id, text, metadata} or null), delete (result: whether it "
                      + "existed), count, list.")
    private String operation = "search";

    @UriParam(label = "producer,memory", defaultValue = "10", description = "Results of a search at most.")
    private int limit = 10;

    @UriParam(label = "producer,memory", description = "Metadata filter of a search as a JSON object, for example "
            + "{\"category\":\"geo\"}: entries match when their metadata contains it (recursively).")
    private String filter;

    @UriParam(label = "producer,memory", description = "Lowest score a search result may have (cosine similarity for "
            + "search, SimHash similarity for searchLocal).")
    private Double scoreThreshold;

    @UriParam(label = "producer,memory", enums = "memory,jsonl,redis,index", description = "Where the store keeps its "
            + "entries: memory (in process), jsonl (an append-only file), redis (a Redis or Valkey server) or index (the "
            + "persistent on-disk vector index). Default: index when path is set (jsonl for a .jsonl path), redis when "
            + "redisUri is set, memory otherwise.")
    private String backend;

    @UriParam(label = "producer,memory", description = "The store's index directory or JSONL file.")
    private String path;

    @UriParam(label = "producer,memory", description = "The Redis server of a redis store: redis://[user@]host:port[/db] "
            + "(rediss:// for TLS). Give the password in the password option, which Camel masks wherever it shows URIs.")
    private String redisUri;

    @UriParam(label = "producer,memory", secret = true, description = "The password of the redis store's server.")
    private String password;

    @UriParam(label = "producer,memory", enums = "exact,indexed,simhash", defaultValue = "indexed", description = "How "
            + "search ranks: indexed (candidates from the backend's index ranked by exact cosine similarity), exact "
            + "(every entry by exact cosine similarity) or simhash (Blazen's SimHash Hamming ranking).")
    private String searchMode = "indexed";

    @UriParam(label = "producer,pipeline", description = "The stages of a pipeline defined without Java (instead of a "
            + "Pipeline bean bound under the pipeline's name), separated by commas and run in order: name:workflow runs "
            + "a workflow; name:all(branch:workflow,...) runs branches side by side and waits for all of them (the "
            + "result is a Map of branch name to result); name:first(branch:workflow,...) takes the first branch to "
            + "succeed and cancels the others. Each stage gets the previous stage's result (the first gets the body). "
            + "For example extract:extractWorkflow,enrich:all(a:wfA,b:wfB),summarize:summaryWorkflow.")
    private String stages;

    @UriParam(label = "producer,pipeline", javaType = "java.time.Duration", defaultValue = "0", description = "How long "
            + "one stage may take (for example 2m), instead of the pipeline's own timeoutPerStage; a stage running "
            + "longer fails the run with PipelineStageTimeoutException. 0 = the pipeline's own, else 5 minutes (a "
            + "workflow's default).")
    private long timeoutPerStage;

    @UriParam(label = "producer,pipeline", javaType = "java.time.Duration", defaultValue = "0", description = "How long "
            + "a whole pipeline run may take, counted from its start or resume, instead of the pipeline's own; past it "
            + "the run fails with PipelineTimeoutException. 0 = the pipeline's own, else no limit.")
    private long totalTimeout;

    @UriParam(label = "producer,pipeline", defaultValue = "false", description = "Resume the pipeline run named by the "
            + "CamelBlazenRunId header from its snapshot in the checkpoint store instead of starting one with the body: "
            + "it goes on with the first stage not finished.")
    private boolean resume;

    @UriParam(label = "consumer,stream-events", defaultValue = "1024", description = "Stream events buffered for this "
            + "consumer; when full, the writing step waits (no event is dropped).")
    private int streamBufferSize = 1024;

    public String getAccepts() {
        return accepts;
    }

    public void setAccepts(String accepts) {
        this.accepts = accepts;
    }

    public int getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public long getStepTimeout() {
        return stepTimeout;
    }

    public void setStepTimeout(long stepTimeout) {
        this.stepTimeout = stepTimeout;
    }

    public String getCompensation() {
        return compensation;
    }

    public void setCompensation(String compensation) {
        this.compensation = compensation;
    }

    public Boolean getDurable() {
        return durable;
    }

    public void setDurable(Boolean durable) {
        this.durable = durable;
    }

    public long getInputTimeout() {
        return inputTimeout;
    }

    public void setInputTimeout(long inputTimeout) {
        this.inputTimeout = inputTimeout;
    }

    public String getSessionPausePolicy() {
        return sessionPausePolicy;
    }

    public void setSessionPausePolicy(String sessionPausePolicy) {
        this.sessionPausePolicy = sessionPausePolicy;
    }

    public boolean isReject() {
        return reject;
    }

    public void setReject(boolean reject) {
        this.reject = reject;
    }

    public int getCollect() {
        return collect;
    }

    public void setCollect(int collect) {
        this.collect = collect;
    }

    public boolean isAsync() {
        return async;
    }

    public void setAsync(boolean async) {
        this.async = async;
    }

    public long getWorkflowTimeout() {
        return workflowTimeout;
    }

    public void setWorkflowTimeout(long workflowTimeout) {
        this.workflowTimeout = workflowTimeout;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxPendingEvents() {
        return maxPendingEvents;
    }

    public void setMaxPendingEvents(int maxPendingEvents) {
        this.maxPendingEvents = maxPendingEvents;
    }

    public boolean isLifecycleEvents() {
        return lifecycleEvents;
    }

    public void setLifecycleEvents(boolean lifecycleEvents) {
        this.lifecycleEvents = lifecycleEvents;
    }

    public String getResultVariable() {
        return resultVariable;
    }

    public void setResultVariable(String resultVariable) {
        this.resultVariable = resultVariable;
    }

    public String getStages() {
        return stages;
    }

    public void setStages(String stages) {
        this.stages = stages;
    }

    public long getTimeoutPerStage() {
        return timeoutPerStage;
    }

    public void setTimeoutPerStage(long timeoutPerStage) {
        this.timeoutPerStage = timeoutPerStage;
    }

    public long getTotalTimeout() {
        return totalTimeout;
    }

    public void setTotalTimeout(long totalTimeout) {
        this.totalTimeout = totalTimeout;
    }

    public boolean isResume() {
        return resume;
    }

    public void setResume(boolean resume) {
        this.resume = resume;
    }

    public int getStreamBufferSize() {
        return streamBufferSize;
    }

    public void setStreamBufferSize(int streamBufferSize) {
        this.streamBufferSize = streamBufferSize;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getSystemPrompt() {
        return systemPrompt;
    }

    public void setSystemPrompt(String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }

    public Double getTemperature() {
        return temperature;
    }

    public void setTemperature(Double temperature) {
        this.temperature = temperature;
    }

    public Integer getMaxTokens() {
        return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    public Double getTopP() {
        return topP;
    }

    public void setTopP(Double topP) {
        this.topP = topP;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getChunkUri() {
        return chunkUri;
    }

    public void setChunkUri(String chunkUri) {
        this.chunkUri = chunkUri;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public boolean isCache() {
        return cache;
    }

    public void setCache(boolean cache) {
        this.cache = cache;
    }

    public String getFallbackModels() {
        return fallbackModels;
    }

    public void setFallbackModels(String fallbackModels) {
        this.fallbackModels = fallbackModels;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public String getTags() {
        return tags;
    }

    public void setTags(String tags) {
        this.tags = tags;
    }

    public String getTools() {
        return tools;
    }

    public void setTools(String tools) {
        this.tools = tools;
    }

    public int getMaxIterations() {
        return maxIterations;
    }

    public void setMaxIterations(int maxIterations) {
        this.maxIterations = maxIterations;
    }

    public int getToolConcurrency() {
        return toolConcurrency;
    }

    public void setToolConcurrency(int toolConcurrency) {
        this.toolConcurrency = toolConcurrency;
    }

    public String getExitTool() {
        return exitTool;
    }

    public void setExitTool(String exitTool) {
        this.exitTool = exitTool;
    }

    public long getToolTimeout() {
        return toolTimeout;
    }

    public void setToolTimeout(long toolTimeout) {
        this.toolTimeout = toolTimeout;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Map<String, Object> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, Object> parameters) {
        this.parameters = parameters;
    }

    public String getInputSchema() {
        return inputSchema;
    }

    public void setInputSchema(String inputSchema) {
        this.inputSchema = inputSchema;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public String getOutputClass() {
        return outputClass;
    }

    public void setOutputClass(String outputClass) {
        this.outputClass = outputClass;
    }

    public String getJsonSchema() {
        return jsonSchema;
    }

    public void setJsonSchema(String jsonSchema) {
        this.jsonSchema = jsonSchema;
    }

    public String getTask() {
        return task;
    }

    public void setTask(String task) {
        this.task = task;
    }

    public String getModelPath() {
        return modelPath;
    }

    public void setModelPath(String modelPath) {
        this.modelPath = modelPath;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public String getTokenizerPath() {
        return tokenizerPath;
    }

    public void setTokenizerPath(String tokenizerPath) {
        this.tokenizerPath = tokenizerPath;
    }

    public String getConfigPath() {
        return configPath;
    }

    public void setConfigPath(String configPath) {
        this.configPath = configPath;
    }

    public String getLabels() {
        return labels;
    }

    public void setLabels(String labels) {
        this.labels = labels;
    }

    public String getPooling() {
        return pooling;
    }

    public void setPooling(String pooling) {
        this.pooling = pooling;
    }

    public int getMaxLength() {
        return maxLength;
    }

    public void setMaxLength(int maxLength) {
        this.maxLength = maxLength;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public String getMemoryEstimate() {
        return memoryEstimate;
    }

    public void setMemoryEstimate(String memoryEstimate) {
        this.memoryEstimate = memoryEstimate;
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = operation;
    }

    public int getLimit() {
        return limit;
    }

    public void setLimit(int limit) {
        this.limit = limit;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public Double getScoreThreshold() {
        return scoreThreshold;
    }

    public void setScoreThreshold(Double scoreThreshold) {
        this.scoreThreshold = scoreThreshold;
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getRedisUri() {
        return redisUri;
    }

    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public String getSearchMode() {
        return searchMode;
    }

    public void setSearchMode(String searchMode) {
        this.searchMode = searchMode;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public BlazenConfiguration copy() {
        try {
            return (BlazenConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
