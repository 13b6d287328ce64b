package dev.blazen.camel.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.camel.workflow.event.Events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a pipeline run stands, persisted after every stage (and every loop iteration) under {@link #key(String)} in
 * the checkpoint store, and what resume continues from (Blazen's PipelineSnapshot). Its JSON form is versioned:
 *
 * <pre>{@code
 * {"version": 1, "pipeline": "ingest", "runId": "...", "stages": ["extract", "enrich", "refine"],
 *  "completed": [{"name": "extract", "result": {...}, "skipped": false}],
 *  "currentStage": 1, "loopIteration": 0, "input": {...}, "lastResult": {...},
 *  "startedAt": "2025-01-01T10:00:00Z", "updatedAt": "2025-01-01T10:00:02Z"}
 * }</pre>
 *
 * @param version       the JSON format's version; a reader refuses newer ones
 * @param stages        the pipeline's stage names in order, checked on resume
 * @param completed     the stages finished, in order, with their results
 * @param currentStage  the index of the first stage not finished; {@code stages.size()} when all are
 * @param loopIteration the iterations the current stage (a loop) has run; 0 otherwise
 * @param lastResult    the result the next stage gets by default (for a loop in progress: its last iteration's)
 */
public record PipelineSnapshot(int version, String pipeline, String runId, List<String> stages,
        List<CompletedStage> completed, int currentStage, int loopIteration, Object input, Object lastResult,
        Instant startedAt, Instant updatedAt) {

    /** The snapshot format this code writes and the newest it reads. */
    public static final int VERSION = 1;

    /** Pipeline snapshots are the checkpoint store's records under this prefix. */
    public static final String KEY_PREFIX = "pipeline:";

    private static final ObjectMapper JSON = Events.json();

    /** A finished stage; a skipped one has no result. */
    public record CompletedStage(String name, Object result, boolean skipped) {
    }

    public PipelineSnapshot {
        stages = List.copyOf(stages);
        completed = List.copyOf(completed);
    }

    /** The checkpoint store key of a run's snapshot. */
    public static String key(String runId) {
        return KEY_PREFIX + runId;
    }

    /**
     * The JSON form.
     *
     * @throws IllegalArgumentException when the input or a result cannot be written as JSON
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        root.put("pipeline", pipeline);
        root.put("runId", runId);
        ArrayNode names = root.putArray("stages");
        stages.forEach(names::add);
        ArrayNode done = root.putArray("completed");
        for (CompletedStage stage : completed) {
            ObjectNode entry = done.addObject();
            entry.put("name", stage.name());
            entry.set("result", JSON.valueToTree(stage.result()));
            entry.put("skipped", stage.skipped());
        }
        root.put("currentStage", currentStage);
        root.put("loopIteration", loopIteration);
        root.set("input", JSON.valueToTree(input));
        root.set("lastResult", JSON.valueToTree(lastResult));
        root.put("startedAt", startedAt.toString());
        root.put("updatedAt", updatedAt.toString());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the snapshot of run " + runId + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the JSON form; results come back as JSON values (Map, List, String, Number, Boolean).
     *
     * @throws PipelineSnapshotVersionException when the snapshot's format is newer than {@link #VERSION}
     * @throws PipelineSnapshotException        when the text is not a pipeline snapshot
     */
    public static PipelineSnapshot fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PipelineSnapshotException(null, "not a pipeline snapshot: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PipelineSnapshotException(null, "not a pipeline snapshot: a JSON object is expected");
        }
        String pipeline = root.path("pipeline").asText(null);
        int version = required(root, "version", pipeline).asInt();
        if (version > VERSION) {
            throw new PipelineSnapshotVersionException(pipeline, version);
        }
        if (version < 1) {
            throw new PipelineSnapshotException(pipeline, "not a pipeline snapshot: its version is " + version);
        }
        try {
            List<String> stages = new ArrayList<>();
            required(root, "stages", pipeline).forEach(name -> stages.add(name.asText()));
            List<CompletedStage> completed = new ArrayList<>();
            for (JsonNode entry : required(root, "completed", pipeline)) {
                completed.add(new CompletedStage(required(entry, "name", pipeline).asText(), value(entry.get("result")),
                        entry.path("skipped").asBoolean(false)));
            }
            return new PipelineSnapshot(version, required(root, "pipeline", pipeline).asText(),
                    required(root, "runId", pipeline).asText(), stages, completed,
                    required(root, "currentStage", pipeline).asInt(), root.path("loopIteration").asInt(0),
                    value(root.get("input")), value(root.get("lastResult")),
                    Instant.parse(required(root, "startedAt", pipeline).asText()),
                    Instant.parse(required(root, "updatedAt", pipeline).asText()));
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new PipelineSnapshotException(pipeline, "not a pipeline snapshot: " + e.getMessage(), e);
        }
    }

    public static PipelineSnapshot fromBytes(byte[] data) {
        return fromJson(new String(data, StandardCharsets.UTF_8));
    }

    private static JsonNode required(JsonNode node, String field, String pipeline) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new PipelineSnapshotException(pipeline, "not a pipeline snapshot: it has no '" + field + "'");
        }
        return value;
    }

    private static Object value(JsonNode node) throws JsonProcessingException {
        return node == null || node.isNull() ? null : JSON.treeToValue(node, Object.class);
    }
}
