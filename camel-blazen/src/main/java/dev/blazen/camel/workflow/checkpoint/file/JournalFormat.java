package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The bytes of a checkpoint journal; the layout is in {@link FileCheckpointStore}'s class comment. */
final class JournalFormat {

    /** The first byte is not ASCII, so no text file starts like a journal. */
    static final byte[] MAGIC = {(byte) 0x89, 'B', 'L', 'Z', 'C', 'K', 'P', 'T'};
    static final int VERSION = 1;
    static final int FILE_HEADER_LENGTH = MAGIC.length + Integer.BYTES;

    /** Starts every record, so that recovery can look for records after a damaged one. */
    static final int RECORD_MARKER = 0xB1C4EC7A;
    /** Marker, body length, CRC32. */
    static final int RECORD_HEADER_LENGTH = 3 * Integer.BYTES;
    static final byte PUT = 1;
    static final byte DELETE = 2;
    /** Type, version and key length. */
    static final int FIXED_BODY_LENGTH = 1 + Long.BYTES + Short.BYTES;
    static final int MIN_BODY_LENGTH = FIXED_BODY_LENGTH + 1;
    /** What keeps a whole record within one Java array, with room for the longest key. */
    static final int MAX_DATA_LENGTH = Integer.MAX_VALUE - 16 - RECORD_HEADER_LENGTH - FIXED_BODY_LENGTH
            - 3 * CheckpointStore.MAX_KEY_LENGTH;

    private static final byte[] NO_DATA = {};

    private JournalFormat() {
    }

    static byte[] fileHeader() {
        return ByteBuffer.allocate(FILE_HEADER_LENGTH).put(MAGIC).putInt(VERSION).array();
    }

    /**
     * The key as UTF-8.
     *
     * @throws IllegalArgumentException for a key with an unpaired surrogate, which UTF-8 cannot hold
     */
    static byte[] keyBytes(String key) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(key));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("checkpoint key '" + key.replaceAll("\\p{Cs}", "?")
                    + "' contains an unpaired surrogate, which a file store cannot keep as UTF-8");
        }
    }

    static byte[] put(byte[] key, long version, byte[] data) {
        return record(PUT, key, version, data);
    }

    static byte[] delete(byte[] key, long version) {
        return record(DELETE, key, version, NO_DATA);
    }

    private static byte[] record(byte type, byte[] key, long version, byte[] data) {
        int bodyLength = FIXED_BODY_LENGTH + key.length + data.length;
        byte[] record = new byte[RECORD_HEADER_LENGTH + bodyLength];
        ByteBuffer.wrap(record).putInt(RECORD_MARKER).putInt(bodyLength).putInt(0)
                .put(type).putLong(version).putShort((short) key.length).put(key).put(data);
        ByteBuffer.wrap(record).putInt(2 * Integer.BYTES, checksum(bodyLength, record, RECORD_HEADER_LENGTH));
        return record;
    }

    /** The CRC32 of a record: over its length field and its body, so a damaged length is caught too. */
    static int checksum(int bodyLength, byte[] body, int offset) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, bodyLength));
        crc.update(body, offset, bodyLength);
        return (int) crc.getValue();
    }

    /** A decoded record body. */
    record Entry(byte type, long version, String key, byte[] data) {
        boolean isPut() {
            return type == PUT;
        }
    }

    /** A body whose checksum holds but whose content this format does not allow: damage, never a torn write. */
    static final class MalformedRecord extends Exception {
        MalformedRecord(String message) {
            super(message);
        }
    }

    static Entry decode(byte[] body) throws MalformedRecord {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte type = b.get();
        long version = b.getLong();
        int keyLength = Short.toUnsignedInt(b.getShort());
        if (type != PUT && type != DELETE) {
            throw new MalformedRecord("unknown record type " + type);
        }
        if (keyLength < 1 || keyLength > b.remaining()) {
            throw new MalformedRecord("a key of " + keyLength + " bytes does not fit the record");
        }
        String key;
        try {
            key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b.slice(b.position(), keyLength))
                    .toString();
            CheckpointStore.requireKey(key);
        } catch (CharacterCodingException e) {
            throw new MalformedRecord("the key is not UTF-8");
        } catch (IllegalArgumentException e) {
            throw new MalformedRecord(e.getMessage());
        }
        b.position(b.position() + keyLength);
        if (version < 1) {
            throw new MalformedRecord("checkpoint '" + key + "' has version " + version + ", below 1");
        }
        if (type == DELETE && b.hasRemaining()) {
            throw new MalformedRecord("the delete of '" + key + "' carries " + b.remaining() + " bytes of data");
        }
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new Entry(type, version, key, data);
    }
}
