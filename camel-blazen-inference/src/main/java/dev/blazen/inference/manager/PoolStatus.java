package dev.blazen.inference.manager;

/** A pool's budget and the bytes its loaded (and loading) models take. */
public record PoolStatus(String name, long budgetBytes, long usedBytes) {

    public long availableBytes() {
        return budgetBytes - usedBytes;
    }
}
