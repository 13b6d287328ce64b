package dev.blazen.camel.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.model.ModelHeaders;
import dev.blazen.camel.model.TextBody;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.InferTask;
import dev.blazen.llm.local.LocalInference;
import dev.blazen.llm.local.LocalModelDeclaration;
import dev.blazen.llm.local.Tensor;
import dev.blazen.llm.local.TensorInfo;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code blazen:infer:model}: declares the endpoint's local model when the route starts (so a bad path or setting
 * fails the start, not the first message) and runs each message through it by task:
 * <ul>
 *   <li>embed: a String gives one float[] vector, a List of Strings a List of vectors;</li>
 *   <li>rerank: a Map {@code {query, passages}}, or a List of passages with the {@code CamelBlazenQuery} header, gives
 *       a List of RerankScore, best first;</li>
 *   <li>classify: a String gives one Classification, a List of Strings a List of them;</li>
 *   <li>raw: a Map of input name to tensor (a Tensor, {@code {data, shape, type}} or nested lists; JSON text of such a
 *       Map works too) or text (a String or List of Strings, tokenized) gives a Map of output name to Tensor.</li>
 * </ul>
 * Inference is CPU (or GPU) work on the calling thread.
 */
public class InferProducer extends DefaultProducer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlazenEndpoint endpoint;
    private LocalInference inference;
    private String model;
    private InferTask task;
    private volatile Map<String, String> inputTypes;

    public InferProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        LocalModelDeclaration declaration = declaration(endpoint.getName(), endpoint.getConfiguration());
        inference = endpoint.getComponent().localInference();
        inference.declare(declaration);
        model = declaration.name();
        task = declaration.task();
    }

    /** The model the endpoint's options declare. */
    static LocalModelDeclaration declaration(String name, BlazenConfiguration c) {
        InferTask task = c.getTask() != null && !c.getTask().isBlank() ? InferTask.parse(c.getTask())
                : c.getModelPath() == null ? InferTask.EMBED : InferTask.RAW;
        List<String> labels = c.getLabels() == null || c.getLabels().isBlank() ? List.of()
                : Arrays.stream(c.getLabels().split(",")).map(String::trim).toList();
        return LocalModelDeclaration.builder(name, task)
                .modelPath(c.getModelPath())
                .sha256(c.getSha256())
                .tokenizerPath(c.getTokenizerPath())
                .configPath(c.getConfigPath())
                .labels(labels)
                .pooling(c.getPooling())
                .maxLength(c.getMaxLength())
                .device(c.getDevice())
                .threads(c.getThreads())
                .batchSize(c.getBatchSize())
                .pool(c.getPool())
                .memoryBytes(c.getMemoryEstimate() == null || c.getMemoryEstimate().isBlank() ? 0
                        : PoolBudgets.bytes("memoryEstimate", c.getMemoryEstimate()))
                .build();
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Object result = switch (task) {
            case EMBED -> embed(message);
            case RERANK -> rerank(message);
            case CLASSIFY -> {
                TextBody texts = TextBody.of(message);
                yield texts.shape(inference.classify(model, texts.texts()));
            }
            case RAW -> raw(message);
        };
        message.setHeader(BlazenConstants.MODEL, model);
        endpoint.setResult(exchange, result);
    }

    private Object embed(Message message) {
        TextBody texts = TextBody.of(message);
        EmbeddingResponse response = inference.embed(model, texts.texts());
        ModelHeaders.write(message, model, null, response.usage(), null);
        return texts.shape(response.embeddings());
    }

    private Object rerank(Message message) {
        Object body = message.getBody();
        String query = message.getHeader(BlazenConstants.QUERY, String.class);
        Object passages = body;
        if (body instanceof Map<?, ?> map) {
            if (map.get("query") != null) {
                query = map.get("query").toString();
            }
            passages = map.get("passages");
        }
        if (!(passages instanceof Collection<?> list)) {
            throw new ValidationError("passages", "rerank takes a List of passages (with the " + BlazenConstants.QUERY
                    + " header) or a Map {query, passages}; got " + describe(body));
        }
        if (query == null || query.isBlank()) {
            throw new ValidationError("query", "rerank needs a query: the " + BlazenConstants.QUERY
                    + " header or the query of a Map body");
        }
        List<String> texts = new ArrayList<>(list.size());
        for (Object p : list) {
            texts.add(p == null ? null : p.toString());
        }
        return inference.rerank(model, query, texts);
    }

    private Object raw(Message message) {
        Object body = message.getBody();
        if (body instanceof String text && text.trim().startsWith("{")) {
            try {
                body = JSON.readValue(text, Map.class);
            } catch (JsonProcessingException e) {
                throw new ValidationError("body", "the body starts with { but is not a JSON object of tensors: "
                        + e.getOriginalMessage());
            }
        }
        if (body instanceof Map<?, ?> map) {
            Map<String, String> types = inputTypes();
            List<Tensor> inputs = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                // untyped numbers take the type the model declares for the input
                Tensor.ElementType type = "int64".equals(types.get(name)) ? Tensor.ElementType.INT64
                        : Tensor.ElementType.FLOAT32;
                inputs.add(Tensor.from(name, e.getValue(), type));
            }
            return inference.run(model, inputs);
        }
        return inference.runText(model, TextBody.of(message).texts());
    }

    /** The element type of each model input, read once (the model's declaration does not change). */
    private Map<String, String> inputTypes() {
        Map<String, String> types = inputTypes;
        if (types == null) {
            types = new java.util.HashMap<>();
            for (TensorInfo info : inference.inputs(model)) {
                types.put(info.name(), info.elementType());
            }
            inputTypes = Map.copyOf(types);
        }
        return types;
    }

    private static String describe(Object body) {
        return body == null ? "no body" : "a " + body.getClass().getSimpleName();
    }
}
