package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.file.CheckpointFileException.Kind;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static dev.blazen.camel.workflow.checkpoint.file.JournalFormat.FILE_HEADER_LENGTH;
import static dev.blazen.camel.workflow.checkpoint.file.JournalFormat.MIN_BODY_LENGTH;
import static dev.blazen.camel.workflow.checkpoint.file.JournalFormat.RECORD_HEADER_LENGTH;
import static dev.blazen.camel.workflow.checkpoint.file.JournalFormat.RECORD_MARKER;

/**
 * Reads a journal at open, without changing it: the header, then record after record into the live records, and
 * whether it ends in a torn tail (a damaged record with no valid record after it) or holds damage in the middle (a
 * {@link Kind#CORRUPT} error naming the offset).
 */
final class JournalReplay {

    /** What is at an offset. */
    private sealed interface Read permits Whole, Damaged {
    }

    /** A record whose bytes are whole and whose checksum holds; {@code next} is where the following one starts. */
    private record Whole(byte[] body, long next) implements Read {
    }

    /** No whole record, and why. */
    private record Damaged(String reason) implements Read {
    }

    /**
     * What the journal holds.
     *
     * @param live     the records by key
     * @param records  how many records the valid part holds, puts and deletes
     * @param validEnd where the valid part ends: 0 when the file lacks a whole header
     * @param torn     the cut-off tail, or null
     */
    record Replayed(Map<String, Slot> live, long records, long validEnd, Torn torn) {
    }

    /** A tail that is not a whole record and has none after it: what a write cut short by a crash leaves. */
    record Torn(long offset, long length, String reason) {
    }

    private static final int WINDOW = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    // read-ahead, so that replaying many small records costs few system calls
    private final byte[] window = new byte[WINDOW];
    private long windowStart;
    private int windowLength;

    private JournalReplay(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
    }

    static Replayed replay(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new JournalReplay(file, channel).run();
        }
    }

    private Replayed run() throws IOException {
        if (size < FILE_HEADER_LENGTH) {
            byte[] start = new byte[(int) size];
            read(0, start, start.length);
            if (!Arrays.equals(start, Arrays.copyOf(JournalFormat.fileHeader(), start.length))) {
                throw notAJournal();
            }
            return new Replayed(new HashMap<>(), 0, 0, size == 0 ? null : new Torn(0, size, "a header cut short"));
        }
        checkHeader();
        Map<String, Slot> live = new HashMap<>();
        long records = 0;
        long position = FILE_HEADER_LENGTH;
        while (position < size) {
            Read read = readAt(position);
            if (read instanceof Damaged damaged) {
                if (wholeRecordAfter(position)) {
                    throw corrupt(position, damaged.reason() + ", and whole records follow it");
                }
                return new Replayed(live, records, position, new Torn(position, size - position, damaged.reason()));
            }
            Whole whole = (Whole) read;
            JournalFormat.Entry entry;
            try {
                entry = JournalFormat.decode(whole.body());
            } catch (JournalFormat.MalformedRecord e) {
                throw corrupt(position, e.getMessage());
            }
            if (entry.isPut()) {
                live.put(entry.key(), new Slot(entry.version(), entry.data(), 0));
            } else {
                live.remove(entry.key());
            }
            records++;
            position = whole.next();
        }
        return new Replayed(live, records, position, null);
    }

    private void checkHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH);
        read(0, header.array(), FILE_HEADER_LENGTH);
        byte[] magic = new byte[JournalFormat.MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, JournalFormat.MAGIC)) {
            throw notAJournal();
        }
        int version = header.getInt();
        if (version > JournalFormat.VERSION) {
            throw new CheckpointFileException(Kind.NEWER_FORMAT, file, -1, "written in journal format version "
                    + version + ", and this version of Blazen reads up to " + JournalFormat.VERSION
                    + "; open it with the Blazen version that wrote it or a later one", null);
        }
        if (version < 1) {
            throw corrupt(JournalFormat.MAGIC.length, "format version " + version + " does not exist");
        }
    }

    private Read readAt(long position) throws IOException {
        long left = size - position;
        if (left < RECORD_HEADER_LENGTH) {
            return new Damaged("the last " + left + " bytes are too few for a record");
        }
        byte[] header = new byte[RECORD_HEADER_LENGTH];
        read(position, header, RECORD_HEADER_LENGTH);
        ByteBuffer fields = ByteBuffer.wrap(header);
        if (fields.getInt() != RECORD_MARKER) {
            return new Damaged("no record starts there");
        }
        int length = fields.getInt();
        int checksum = fields.getInt();
        if (length < MIN_BODY_LENGTH) {
            return new Damaged("a record length of " + length + " bytes is impossible");
        }
        if (length > left - RECORD_HEADER_LENGTH) {
            return new Damaged("the record's " + length + " bytes run past the end of the file");
        }
        byte[] body = new byte[length];
        read(position + RECORD_HEADER_LENGTH, body, length);
        if (JournalFormat.checksum(length, body, 0) != checksum) {
            return new Damaged("the record's CRC32 does not match its bytes");
        }
        return new Whole(body, position + RECORD_HEADER_LENGTH + length);
    }

    /** Whether a whole record starts anywhere after {@code damaged}: then the damage is not a torn tail. */
    private boolean wholeRecordAfter(long damaged) throws IOException {
        byte[] chunk = new byte[WINDOW];
        long start = damaged + 1;
        while (size - start >= RECORD_HEADER_LENGTH) {
            int n = (int) Math.min(chunk.length, size - start);
            read(start, chunk, n);
            ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, n);
            for (int i = 0; i + Integer.BYTES <= n; i++) {
                if (bytes.getInt(i) == RECORD_MARKER && readAt(start + i) instanceof Whole) {
                    return true;
                }
            }
            start += n - (Integer.BYTES - 1); // overlapping, so a marker across the chunk boundary is seen
        }
        return false;
    }

    /** Reads {@code length} bytes at {@code position}, all within the file. */
    private void read(long position, byte[] into, int length) throws IOException {
        if (length > window.length) {
            readFully(position, ByteBuffer.wrap(into, 0, length));
            return;
        }
        if (position < windowStart || position + length > windowStart + windowLength) {
            windowStart = position;
            windowLength = (int) Math.min(window.length, size - position);
            readFully(position, ByteBuffer.wrap(window, 0, windowLength));
        }
        System.arraycopy(window, (int) (position - windowStart), into, 0, length);
    }

    private void readFully(long position, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new EOFException("the journal " + file + " ended at " + position + " while being replayed");
            }
            position += n;
        }
    }

    private CheckpointFileException notAJournal() {
        return new CheckpointFileException(Kind.CORRUPT, file, 0, "not a Blazen checkpoint journal (it does not "
                + "start with the journal's magic bytes); point the store at another file or directory", null);
    }

    private CheckpointFileException corrupt(long offset, String damage) {
        return new CheckpointFileException(Kind.CORRUPT, file, offset, damage + ". Only a torn tail is cut off at "
                + "open, so the file was left as it is. To keep the records before this offset and drop everything "
                + "from it on, truncate the file to " + offset + " bytes (truncate -s " + offset + ")", null);
    }
}
