package dev.blazen.camel;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The first path segment of a {@code blazen:} URI. */
public enum BlazenApi {

    WORKFLOW("workflow"),
    STEP("step"),
    STREAM_EVENTS("stream-events"),
    RESPOND("respond"),
    COMPLETE("complete"),
    STREAM("stream"),
    EXTRACT("extract"),
    BATCH("batch"),
    AGENT("agent"),
    TOOL("tool"),
    PROMPT("prompt"),
    EMBED("embed"),
    INFER("infer"),
    MEMORY("memory"),
    PIPELINE("pipeline");

    private final String uriName;

    BlazenApi(String uriName) {
        this.uriName = uriName;
    }

    public String uriName() {
        return uriName;
    }

    /** Operations that call a model and need no name in the URI. */
    public boolean isModelCall() {
        return this == COMPLETE || this == STREAM || this == EXTRACT || this == BATCH || this == AGENT || this == EMBED;
    }

    public static BlazenApi parse(String name) {
        for (BlazenApi api : values()) {
            if (api.uriName.equals(name)) {
                return api;
            }
        }
        throw new IllegalArgumentException("unknown blazen API '" + name + "'; the APIs are "
                + Arrays.stream(values()).map(BlazenApi::uriName).collect(Collectors.joining(", ")));
    }
}
