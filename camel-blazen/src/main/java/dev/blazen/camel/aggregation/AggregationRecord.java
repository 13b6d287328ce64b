package dev.blazen.camel.aggregation;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What {@link CheckpointAggregationRepository} keeps under one store key, and its bytes: a format byte, a kind byte,
 * the kind's fields, then (for buckets and completed exchanges) the Java-serialised exchange.
 */
sealed interface AggregationRecord {

    byte FORMAT = 1;

    byte[] toBytes();

    /** A correlation key's partly aggregated exchange; its id is kept apart to be read without deserialising it. */
    record Bucket(String exchangeId, byte[] exchange) implements AggregationRecord {

        @Override
        public byte[] toBytes() {
            return encode('B', out -> {
                out.writeUTF(exchangeId);
                out.write(exchange);
            });
        }
    }

    /**
     * What a completed bucket leaves behind: the record is not deleted at once so that its version keeps counting. A
     * writer that read the bucket before it completed then fails its compare-and-set instead of overwriting the next
     * bucket of the same correlation key, whose version would otherwise start again at 1.
     *
     * @param completionId the {@link Completed#completionId()} of the completion that retired the bucket
     */
    record Tombstone(long completedAt, String completionId) implements AggregationRecord {

        @Override
        public byte[] toBytes() {
            return encode('T', out -> {
                out.writeLong(completedAt);
                out.writeUTF(completionId);
            });
        }
    }

    /**
     * A completed exchange awaiting confirm, with the bucket version it was completed from and an id of this one
     * completion (two writers completing the same bucket store the same exchange id).
     */
    record Completed(String correlationKey, long bucketVersion, String completionId, long completedAt, byte[] exchange)
            implements AggregationRecord {

        @Override
        public byte[] toBytes() {
            return encode('C', out -> {
                out.writeUTF(correlationKey);
                out.writeLong(bucketVersion);
                out.writeUTF(completionId);
                out.writeLong(completedAt);
                out.write(exchange);
            });
        }
    }

    static AggregationRecord parse(Checkpoint checkpoint) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint.data()))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new CheckpointStoreException("record '" + checkpoint.key() + "' has aggregation record format "
                        + format + "; this version reads format " + FORMAT);
            }
            int kind = in.readByte();
            return switch (kind) {
                case 'B' -> new Bucket(in.readUTF(), in.readAllBytes());
                case 'T' -> new Tombstone(in.readLong(), in.readUTF());
                case 'C' -> new Completed(in.readUTF(), in.readLong(), in.readUTF(), in.readLong(), in.readAllBytes());
                default -> throw new CheckpointStoreException("record '" + checkpoint.key()
                        + "' is not an aggregation record (kind " + kind + ")");
            };
        } catch (IOException e) {
            throw new CheckpointStoreException("record '" + checkpoint.key() + "' is not an aggregation record: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] encode(char kind, FieldWriter fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind);
            fields.write(out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    @FunctionalInterface
    interface FieldWriter {
        void write(DataOutputStream out) throws IOException;
    }
}
