package dev.blazen.inference.manager;

/** Progress of a model load: {@code fractionDone} from 0.0 (started) to 1.0 (loaded). */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(String modelId, double fractionDone, String message);
}
