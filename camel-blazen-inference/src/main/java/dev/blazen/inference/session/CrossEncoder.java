package dev.blazen.inference.session;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.local.RerankScore;
import dev.blazen.llm.local.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reranking with a cross-encoder: each (query, passage) pair goes through the model together and its single logit
 * is the relevance score (higher is more relevant; raw logit, no sigmoid). Owns and closes the model and tokenizer.
 */
public final class CrossEncoder implements AutoCloseable {

    private final OnnxInference model;
    private final TextTokenizer tokenizer;

    public CrossEncoder(OnnxInference model, TextTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Scores every passage against the query; the result is in the input order (sort by score to rank). */
    public List<RerankScore> rerank(String query, List<String> passages) {
        if (passages.isEmpty()) {
            return List.of();
        }
        List<Encoding> pairs = new ArrayList<>(passages.size());
        for (String p : passages) {
            pairs.add(tokenizer.encode(query, p));
        }
        Tensor logits = model.run(TextTokenizer.inputs(pairs, model)).values().iterator().next();
        long[] shape = logits.shape();
        boolean oneLogit = (shape.length == 2 && shape[1] == 1) || shape.length == 1;
        if (!oneLogit || shape[0] != passages.size()) {
            throw new UnsupportedError("cross-encoder " + model.name() + " output " + logits.name() + " has shape "
                    + Arrays.toString(shape) + "; expected one logit per pair, [batch, 1]");
        }
        float[] data = logits.floats();
        List<RerankScore> out = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            out.add(new RerankScore(i, passages.get(i), data[i]));
        }
        return out;
    }

    @Override
    public void close() {
        try (tokenizer) {
            model.close();
        }
    }
}
