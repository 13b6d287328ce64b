package dev.blazen.inference.session;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A HuggingFace {@code tokenizer.json} (DJL's binding of the Rust tokenizers) that turns texts or text pairs into the
 * {@code input_ids}, {@code attention_mask} and {@code token_type_ids} tensors of a transformer model: special tokens
 * added, truncated to {@code maxLength}, padded with id 0 (masked out) to the longest sequence of the batch.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Reads a tokenizer.json; the stream is not closed. */
    public static TextTokenizer fromStream(InputStream tokenizerJson, int maxLength) {
        if (maxLength < 2) {
            throw new ValidationError("maxLength", "must be at least 2, got " + maxLength);
        }
        try {
            // padding is done per batch here, so the tokenizer itself neither pads nor pads to a fixed length
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                    "addSpecialTokens", "true", "padding", "false", "truncation", "true",
                    "maxLength", Integer.toString(maxLength))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    /** Reads a tokenizer.json from the classpath, e.g. inside a model jar. */
    public static TextTokenizer fromClasspath(String resource, ClassLoader loader, int maxLength) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ValidationError("tokenizer", "no tokenizer resource " + resource + " on the classpath");
            }
            return fromStream(in, maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer resource " + resource, e);
        }
    }

    /** The encoding of one text with special tokens, truncated. */
    public Encoding encode(String text) {
        return tokenizer.encode(text);
    }

    /** The encoding of a text pair (e.g. query and passage), truncated. */
    public Encoding encode(String first, String second) {
        return tokenizer.encode(first, second);
    }

    /**
     * The model inputs for these encodings: {@code input_ids} and {@code attention_mask}, plus {@code token_type_ids}
     * when the model declares it, each [batch, longest].
     */
    public static List<Tensor> inputs(List<Encoding> encodings, OnnxInference model) {
        int batch = encodings.size();
        int width = 0;
        for (Encoding e : encodings) {
            width = Math.max(width, e.getIds().length);
        }
        long[] ids = new long[batch * width];
        long[] mask = new long[batch * width];
        long[] types = new long[batch * width];
        for (int b = 0; b < batch; b++) {
            Encoding e = encodings.get(b);
            System.arraycopy(e.getIds(), 0, ids, b * width, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, b * width, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, b * width, e.getTypeIds().length);
        }
        long[] shape = {batch, width};
        List<Tensor> out = new ArrayList<>(3);
        out.add(Tensor.ofLongs("input_ids", shape, ids));
        out.add(Tensor.ofLongs("attention_mask", shape, mask));
        if (model.hasInput("token_type_ids")) {
            out.add(Tensor.ofLongs("token_type_ids", shape, types));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
