package dev.blazen.inference.runtime;

import dev.blazen.inference.embedding.OnnxEmbeddingModel;
import dev.blazen.inference.session.CrossEncoder;
import dev.blazen.inference.session.OnnxInference;
import dev.blazen.inference.session.SequenceClassifier;
import dev.blazen.inference.session.TextTokenizer;

/** What a declared model is once loaded, one shape per task; closing it frees the native session and tokenizer. */
sealed interface LoadedModel extends AutoCloseable {

    @Override
    void close();

    record Embedder(OnnxEmbeddingModel model) implements LoadedModel {
        @Override
        public void close() {
            model.close();
        }
    }

    record Reranker(CrossEncoder model, int batchSize) implements LoadedModel {
        @Override
        public void close() {
            model.close();
        }
    }

    record Classifier(SequenceClassifier model, int batchSize) implements LoadedModel {
        @Override
        public void close() {
            model.close();
        }
    }

    /** Any model on raw tensors; the tokenizer is there when one was declared, for text input. */
    record Raw(OnnxInference model, TextTokenizer tokenizer) implements LoadedModel {
        @Override
        public void close() {
            try {
                model.close();
            } finally {
                if (tokenizer != null) {
                    tokenizer.close();
                }
            }
        }
    }
}
