package dev.blazen.inference.session;

import ai.djl.huggingface.tokenizers.Encoding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Classification.LabelScore;
import dev.blazen.llm.local.Classification;
import dev.blazen.llm.local.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sequence classification: the model's logits [batch, labels] through a softmax, labelled with the {@code id2label}
 * of the model's {@code config.json}. Owns and closes the model and tokenizer.
 */
public final class SequenceClassifier implements AutoCloseable {

    private final OnnxInference model;
    private final TextTokenizer tokenizer;
    private final List<String> labels;

    public SequenceClassifier(OnnxInference model, TextTokenizer tokenizer, List<String> labels) {
        if (labels.isEmpty()) {
            throw new ValidationError("labels", "a classifier needs at least one label");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.labels = List.copyOf(labels);
    }

    /** The labels of a HuggingFace config.json's {@code id2label}, by id 0..n-1; the stream is not closed. */
    public static List<String> labelsFromConfig(InputStream configJson) {
        JsonNode id2label;
        try {
            id2label = new ObjectMapper().readTree(configJson).path("id2label");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model config", e);
        }
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new ValidationError("id2label", "the model config has no id2label object");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new ValidationError("id2label", "label id '" + e.getKey() + "' is not a number");
            }
        }
        List<String> labels = new ArrayList<>(byId.values());
        if (!byId.keySet().equals(new java.util.TreeSet<>(java.util.stream.IntStream.range(0, labels.size())
                .boxed().toList()))) {
            throw new ValidationError("id2label", "label ids must be 0.." + (labels.size() - 1) + ", got "
                    + byId.keySet());
        }
        return labels;
    }

    public List<String> labels() {
        return labels;
    }

    public Classification classify(String text) {
        return classify(List.of(text)).get(0);
    }

    /** Classifies a batch of texts in one run; results in input order. */
    public List<Classification> classify(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (String t : texts) {
            encodings.add(tokenizer.encode(t));
        }
        Tensor logits = model.run(TextTokenizer.inputs(encodings, model)).values().iterator().next();
        long[] shape = logits.shape();
        if (shape.length != 2 || shape[0] != texts.size() || shape[1] != labels.size()) {
            throw new UnsupportedError("classifier " + model.name() + " output " + logits.name() + " has shape "
                    + Arrays.toString(shape) + "; expected [batch, " + labels.size() + "] for labels " + labels);
        }
        float[] data = logits.floats();
        List<Classification> out = new ArrayList<>(texts.size());
        for (int b = 0; b < texts.size(); b++) {
            double[] p = softmax(data, b * labels.size(), labels.size());
            List<LabelScore> scores = new ArrayList<>(labels.size());
            for (int j = 0; j < labels.size(); j++) {
                scores.add(new LabelScore(labels.get(j), p[j]));
            }
            LabelScore best = scores.stream().max(Comparator.comparingDouble(LabelScore::probability)).orElseThrow();
            out.add(new Classification(best.label(), best.probability(), List.copyOf(scores)));
        }
        return out;
    }

    /** Softmax with the maximum subtracted first, so large logits do not overflow. */
    static double[] softmax(float[] logits, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[from + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public void close() {
        try (tokenizer) {
            model.close();
        }
    }
}
