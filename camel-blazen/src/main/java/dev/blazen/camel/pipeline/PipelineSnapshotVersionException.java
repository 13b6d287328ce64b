package dev.blazen.camel.pipeline;

/** The snapshot was written by a newer format version than this reader knows. */
public class PipelineSnapshotVersionException extends PipelineSnapshotException {

    private final int version;

    public PipelineSnapshotVersionException(String pipeline, int version) {
        super(pipeline, "the snapshot has format version " + version + ", newer than the version "
                + PipelineSnapshot.VERSION + " this reader knows: resume it with a newer camel-blazen");
        this.version = version;
    }

    /** The snapshot's format version. */
    public int version() {
        return version;
    }
}
