package dev.blazen.llm.local;

import dev.blazen.llm.embedding.EmbeddingResponse;

import java.util.List;
import java.util.Map;

/**
 * Declared local models kept within per-pool memory budgets: each loads on first use, may be evicted (least recently
 * used first, within its own pool) to make room for another, and loads again when needed. Thread-safe; a model is
 * never unloaded while a call is using it. Close it to unload every model.
 */
public interface LocalInference extends AutoCloseable {

    /**
     * Declares a model (not loaded yet). Declaring an equal declaration again does nothing; a different one under the
     * same name, a bad setting or an estimate above its pool's budget is a {@link dev.blazen.llm.error.ValidationError}
     * or budget error naming the model.
     */
    void declare(LocalModelDeclaration declaration);

    /** The declaration of that name; a ValidationError listing the declared names when there is none. */
    LocalModelDeclaration declaration(String name);

    /** Sentence vectors, one per text in input order ({@link InferTask#EMBED}). */
    EmbeddingResponse embed(String model, List<String> texts);

    /** Every passage scored against the query, highest score first ({@link InferTask#RERANK}). */
    List<RerankScore> rerank(String model, String query, List<String> passages);

    /** One classification per text in input order ({@link InferTask#CLASSIFY}). */
    List<Classification> classify(String model, List<String> texts);

    /** Every output of the model run on these named inputs, in the model's output order. */
    Map<String, Tensor> run(String model, List<Tensor> inputs);

    /**
     * Every output of the model run on these texts, tokenized with the model's tokenizer into {@code input_ids},
     * {@code attention_mask} and (when the model has it) {@code token_type_ids}, padded to the longest text.
     */
    Map<String, Tensor> runText(String model, List<String> texts);

    /** The model's inputs as it declares them (loads it). */
    List<TensorInfo> inputs(String model);

    /** Loads a model now rather than on first use. */
    void load(String model);

    /** Unloads a model, waiting for calls that use it; false when it was not loaded. */
    boolean unload(String model);

    /** Every declared model: pool, memory estimate, loaded or not, last use. */
    List<ModelStatus> status();

    @Override
    void close();
}
