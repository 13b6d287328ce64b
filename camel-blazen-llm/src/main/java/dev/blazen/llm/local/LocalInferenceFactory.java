package dev.blazen.llm.local;

import dev.blazen.llm.error.UnsupportedError;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * Service interface that creates a {@link LocalInference}; camel-blazen-inference registers one through
 * {@link ServiceLoader}.
 */
public interface LocalInferenceFactory {

    /**
     * A new, empty runtime.
     *
     * @param poolBudgets bytes per memory pool ({@code cpu}, {@code cuda:0}, ...); a pool not listed has a budget of
     *                    zero, so a model declared in it is rejected
     */
    LocalInference create(Map<String, Long> poolBudgets);

    /** The first factory on the class path of {@code loader}; UnsupportedError naming the missing module when none. */
    static LocalInferenceFactory find(ClassLoader loader) {
        for (LocalInferenceFactory factory : ServiceLoader.load(LocalInferenceFactory.class, loader)) {
            return factory;
        }
        throw new UnsupportedError("local inference needs dev.blazen:camel-blazen-inference on the class path (it "
                + "brings ONNX Runtime); no " + LocalInferenceFactory.class.getName() + " was found");
    }
}
