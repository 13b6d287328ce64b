package dev.blazen.inference.runtime;

import dev.blazen.llm.local.LocalInference;
import dev.blazen.llm.local.LocalInferenceFactory;

import java.util.Map;

/** Creates {@link OnnxLocalInference} runtimes (registered in META-INF/services). */
public final class OnnxLocalInferenceFactory implements LocalInferenceFactory {

    @Override
    public LocalInference create(Map<String, Long> poolBudgets) {
        return new OnnxLocalInference(poolBudgets);
    }
}
