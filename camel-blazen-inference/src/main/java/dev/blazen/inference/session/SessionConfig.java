package dev.blazen.inference.session;

import dev.blazen.llm.error.ValidationError;

/**
 * How to open a session: the device (CPU by default; CUDA falls back to CPU when unavailable) and the number of
 * intra-op threads (0 lets ONNX Runtime choose, one per physical core).
 */
public record SessionConfig(Device device, int intraOpThreads) {

    public static final SessionConfig DEFAULT = new SessionConfig(Device.CPU, 0);

    public SessionConfig {
        if (device == null) {
            device = Device.CPU;
        }
        if (intraOpThreads < 0) {
            throw new ValidationError("intraOpThreads", "must be 0 (automatic) or positive, got " + intraOpThreads);
        }
    }

    public SessionConfig withDevice(Device d) {
        return new SessionConfig(d, intraOpThreads);
    }

    public SessionConfig withIntraOpThreads(int threads) {
        return new SessionConfig(device, threads);
    }
}
