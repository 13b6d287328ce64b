package dev.blazen.inference.manager;

import dev.blazen.llm.error.BlazenError;

/**
 * A model does not fit its pool: its estimate exceeds the pool's whole budget (a pool that was never configured has
 * a budget of zero), or the pool's other loads in progress leave no room even after evicting its idle models.
 */
public class ModelBudgetError extends BlazenError {

    private final String modelId;
    private final String pool;
    private final long requiredBytes;
    private final long budgetBytes;

    public ModelBudgetError(String modelId, String pool, long requiredBytes, long budgetBytes, String message) {
        super(message);
        this.modelId = modelId;
        this.pool = pool;
        this.requiredBytes = requiredBytes;
        this.budgetBytes = budgetBytes;
    }

    public String modelId() {
        return modelId;
    }

    public String pool() {
        return pool;
    }

    public long requiredBytes() {
        return requiredBytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }
}
