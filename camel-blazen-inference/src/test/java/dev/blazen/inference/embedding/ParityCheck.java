package dev.blazen.inference.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cosine helpers and the text our model actually sees after truncation. */
final class ParityCheck {

    private ParityCheck() {
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] a) {
        double s = 0;
        for (float x : a) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * The leading part of each text that fits in {@code maxLength} tokens: the text itself when it fits. LangChain4j
     * splits long texts into 510-token parts and averages them, while we truncate, so the reference is given the
     * same truncated input.
     */
    static List<String> truncatedTexts(String tokenizerResource, int maxLength, List<String> texts) throws IOException {
        try (InputStream in = ParityCheck.class.getClassLoader().getResourceAsStream(tokenizerResource);
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "true",
                     "truncation", "true", "maxLength", Integer.toString(maxLength), "padding", "false"))) {
            List<String> out = new ArrayList<>();
            for (String text : texts) {
                Encoding e = tokenizer.encode(text);
                if (!e.exceedMaxLength()) {
                    out.add(text);
                    continue;
                }
                CharSpan[] spans = e.getCharTokenSpans();
                long[] special = e.getSpecialTokenMask();
                int end = 0;
                for (int i = 0; i < spans.length; i++) {
                    if (special[i] == 0 && spans[i] != null) {
                        end = Math.max(end, spans[i].getEnd());
                    }
                }
                out.add(text.substring(0, end));
            }
            return out;
        }
    }

    static List<float[]> reference(dev.langchain4j.model.embedding.EmbeddingModel model, List<String> texts) {
        List<Embedding> embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return embeddings.stream().map(Embedding::vector).toList();
    }
}
