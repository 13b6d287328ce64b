package dev.blazen.memory.jsonl;

import java.nio.file.Path;
import java.util.List;

/**
 * What opening a JSONL memory file replayed and what it skipped.
 *
 * @param file          the memory file
 * @param linesReplayed the records read (puts and deletes)
 * @param skipped       the torn last line, when there was one: at most one element
 */
public record RecoveryReport(Path file, long linesReplayed, List<SkippedLine> skipped) {

    public RecoveryReport {
        skipped = List.copyOf(skipped);
    }

    /** Whether nothing was skipped. */
    public boolean clean() {
        return skipped.isEmpty();
    }

    /**
     * A line that was not replayed and was truncated away.
     *
     * @param line       1-based line number
     * @param byteOffset where the line started
     * @param byteLength how many bytes were removed from there to the end of the file
     * @param reason     why the line could not be read
     */
    public record SkippedLine(long line, long byteOffset, long byteLength, String reason) {
    }
}
