package dev.blazen.camel;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The first path segment of a {@code blazen:} URI. */
public enum BlazenOperation {

    WORKFLOW("workflow"),
    STEP("step"),
    STREAM_EVENTS("stream-events"),
    COMPLETE("complete"),
    STREAM("stream"),
    EXTRACT("extract"),
    BATCH("batch"),
    AGENT("agent"),
    TOOL("tool"),
    PROMPT("prompt"),
    EMBED("embed"),
    INFER("infer");

    private final String uriName;

    BlazenOperation(String uriName) {
        this.uriName = uriName;
    }

    public String uriName() {
        return uriName;
    }

    /** Operations that call a model and need no name in the URI. */
    public boolean isModelCall() {
        return this == COMPLETE || this == STREAM || this == EXTRACT || this == BATCH || this == AGENT || this == EMBED;
    }

    public static BlazenOperation parse(String name) {
        for (BlazenOperation operation : values()) {
            if (operation.uriName.equals(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown blazen operation '" + name + "'; the operations are "
                + Arrays.stream(values()).map(BlazenOperation::uriName).collect(Collectors.joining(", ")));
    }
}
