package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.chat.TokenUsage;
import org.apache.camel.Message;

/** Writes what a model call reports (model, finish reason, tokens, cost) as CamelBlazen headers. */
public final class ModelHeaders {

    private ModelHeaders() {
    }

    public static void write(Message message, String model, String finishReason, TokenUsage usage, Double cost) {
        setIfPresent(message, BlazenConstants.MODEL, model);
        setIfPresent(message, BlazenConstants.FINISH_REASON, finishReason);
        if (usage != null) {
            message.setHeader(BlazenConstants.INPUT_TOKEN_COUNT, usage.promptTokens());
            message.setHeader(BlazenConstants.OUTPUT_TOKEN_COUNT, usage.completionTokens());
            message.setHeader(BlazenConstants.TOTAL_TOKEN_COUNT, usage.totalTokens());
        }
        setIfPresent(message, BlazenConstants.COST, cost);
    }

    private static void setIfPresent(Message message, String name, Object value) {
        if (value != null) {
            message.setHeader(name, value);
        }
    }
}
