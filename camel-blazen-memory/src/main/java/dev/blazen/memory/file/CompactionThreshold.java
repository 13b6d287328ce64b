package dev.blazen.memory.file;

/**
 * When a file of records is worth rewriting with only its live records: when more than {@code minDeadRecords} are
 * dead (superseded by a later write or removed) and they are more than {@code deadFraction} of all records.
 * <p>
 * At fraction {@code f} a rewrite copies fewer live records than died since the previous one ({@code (1 - f) / f}
 * times as many), so its cost per write is constant; the minimum keeps small files from being rewritten over and
 * over.
 */
public record CompactionThreshold(long minDeadRecords, double deadFraction) {

    /** More than 1,000 dead records that are more than half of the file. */
    public static final CompactionThreshold DEFAULT = new CompactionThreshold(1000, 0.5);

    public CompactionThreshold {
        if (minDeadRecords < 0) {
            throw new IllegalArgumentException("minDeadRecords must be 0 or more, got " + minDeadRecords);
        }
        if (!(deadFraction >= 0 && deadFraction < 1)) {
            throw new IllegalArgumentException("deadFraction must be at least 0 and below 1, got " + deadFraction);
        }
    }

    /** Whether a file of {@code records} records, {@code live} of them live, is due. */
    public boolean isDue(long records, long live) {
        long dead = records - live;
        return dead > minDeadRecords && dead > deadFraction * records;
    }

    /**
     * How many records the file should hold before trying again after a rewrite failed: grown by its live size, so
     * that a failing disk costs one attempt per that many writes, not one per write.
     */
    public long retryAt(long records, long live) {
        return records + Math.max(1, live);
    }
}
