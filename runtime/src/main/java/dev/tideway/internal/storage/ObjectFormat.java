package dev.tideway.internal.storage;

import dev.tideway.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header every persisted object starts with: one ASCII line {@code tideway-<kind> <format>\n},
 * naming what the object is and the version of its layout, as LevelDB's and Flink's formats carry a
 * magic and a version. {@code docs/state-format.md} gives the layout of each kind and format.
 *
 * <p>A reader accepts every format from 0 up to its own: format 0 is the layout written before
 * objects had headers (no header line; read, never written). A newer format is refused with a
 * {@link NewerFormatException} naming the object and both formats; a line that starts like a header
 * but is not one, or another kind's header, is damage ({@link DamagedObjectException}).
 *
 * <pre>{@code
 * byte[] object = ObjectFormat.LOG_SEGMENT.prefix(frames);                  // "tideway-log 1\n" + frames
 * ObjectFormat.Header header = ObjectFormat.LOG_SEGMENT.read(object, name, backend.describe());
 * FrameScan scan = FrameReader.scan(object, header.bodyStart());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ObjectFormat {
    /** The first compressed format of a kind whose payloads are never compressed. */
    private static final int NEVER = Integer.MAX_VALUE;

    /**
     * A write-ahead log segment: the header, then frames of compressed blocks of framed records
     * (format 2; format 1: one frame per record). See {@link FramedObject}.
     */
    public static final ObjectFormat LOG_SEGMENT = new ObjectFormat("tideway-log", 2, 2);
    /**
     * One operator's (or source's) state in a snapshot: the header, then one frame. Format 2 added
     * the withheld rows of a non-deterministic or async select's state (formats 0 and 1 read alike);
     * format 3 compresses the frame's payload.
     */
    public static final ObjectFormat SNAPSHOT_STATE = new ObjectFormat("tideway-snapshot", 3, 3);
    /** The rows of one source unit: the header, then one frame, compressed from format 2 on. */
    public static final ObjectFormat UNIT_ROWS = new ObjectFormat("tideway-rows", 2, 2);
    /** The results of one caching UDF: the header, then one frame. */
    public static final ObjectFormat UDF_CACHE = new ObjectFormat("tideway-udf-cache", 1, NEVER);
    /** The id of a snapshot storage, or the id a metadata storage is paired with: the header, then the id. */
    public static final ObjectFormat STORAGE_ID = new ObjectFormat("tideway-storage-id", 1, NEVER);
    /** A folder's lock file: the header, then {@code pid=<holder's pid>}. */
    public static final ObjectFormat LOCK = new ObjectFormat("tideway-lock", 1, NEVER);
    /** An object store's lease: the header, then {@code name=value} lines. */
    public static final ObjectFormat LEASE = new ObjectFormat("tideway-lease", 1, NEVER);
    /** What finishes a transactional sink's prepared transaction ({@link PreparedTransactions}): the header, then one frame. */
    public static final ObjectFormat PREPARED_TRANSACTION = new ObjectFormat("tideway-prepared", 1, NEVER);
    /** A metadata generation: its header line adds the checksum ({@link CheckpointCodec}). */
    public static final ObjectFormat CHECKPOINT = new ObjectFormat("tideway-checkpoint", 1, NEVER);

    /** Every header's first bytes. */
    static final String MAGIC_PREFIX = "tideway-";
    /** A header line is at most this long, newline included. */
    static final int MAX_HEADER = 128;

    private final String magic;
    private final int format;
    private final int firstCompressedFormat;
    private final byte[] headerBytes;

    private ObjectFormat(String magic, int format, int firstCompressedFormat) {
        this.magic = magic;
        this.format = format;
        this.firstCompressedFormat = firstCompressedFormat;
        this.headerBytes = (magic + " " + format + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The kind's magic, such as {@code tideway-log}. */
    public String magic() {
        return magic;
    }

    /** The format this version of Tideway writes, and the newest it reads. */
    public int format() {
        return format;
    }

    /**
     * Whether the frames of an object of this kind written in {@code objectFormat} hold compressed
     * payloads ({@link ObjectCompression}): from format 2 on for log segments and unit rows, from 3 on
     * for snapshot states, never for the other kinds.
     */
    public boolean compressedIn(int objectFormat) {
        return objectFormat >= firstCompressedFormat;
    }

    /** The header line this version writes, {@code tideway-log 1\n}. */
    public byte[] header() {
        return headerBytes.clone();
    }

    /** The header followed by {@code body}, as a new array. */
    public byte[] prefix(byte[] body) {
        return prefix(body, 0, body.length);
    }

    /** The header followed by {@code body[offset, offset + length)}, as a new array. */
    public byte[] prefix(byte[] body, int offset, int length) {
        byte[] all = Arrays.copyOf(headerBytes, headerBytes.length + length);
        System.arraycopy(body, offset, all, headerBytes.length, length);
        return all;
    }

    /**
     * What the header of an object says.
     *
     * @param format the object's format: 0 for an object without a header (written before headers)
     * @param bodyStart the offset of the first byte after the header line (0 without a header)
     * @param fields the words of the header line after the format (the checkpoint's checksum), or none
     */
    public record Header(int format, int bodyStart, String[] fields) {
        /** Whether the object predates headers (format 0). */
        public boolean legacy() {
            return format == 0;
        }
    }

    /**
     * Reads the header of {@code data}, an object of this kind named {@code objectName} in
     * {@code location}.
     *
     * @throws NewerFormatException if the object has a format above {@link #format()}
     * @throws DamagedObjectException if the object starts like a header but its line is not one of
     *     this kind (another kind's object, a torn or garbled header)
     */
    public Header read(byte[] data, String objectName, String location) {
        if (!startsWithMagicPrefix(data)) {
            return new Header(0, 0, new String[0]);
        }
        int newline = -1;
        for (int i = 0; i < Math.min(data.length, MAX_HEADER); i++) {
            if (data[i] == '\n') {
                newline = i;
                break;
            }
        }
        String where = describe(objectName, location);
        if (newline < 0) {
            throw new DamagedObjectException(objectName, where + " is damaged: its header line (\"" + magic
                    + " <format>\") has no end within " + MAX_HEADER + " bytes");
        }
        String[] words = new String(data, 0, newline, StandardCharsets.US_ASCII).split(" ", -1);
        if (!words[0].equals(magic)) {
            throw new DamagedObjectException(objectName, where + " is not a " + magic + " object: its header names \""
                    + printable(words[0]) + "\". It is damaged, or was put there by hand; restore it from a backup");
        }
        int objectFormat = words.length < 2 ? -1 : parseFormat(words[1]);
        if (objectFormat < 1) {
            throw new DamagedObjectException(objectName, where + " is damaged: its header line \""
                    + printable(new String(data, 0, newline, StandardCharsets.US_ASCII)) + "\" has no format number");
        }
        if (objectFormat > format) {
            throw new NewerFormatException(objectName, where, magic, objectFormat, format);
        }
        return new Header(objectFormat, newline + 1, Arrays.copyOfRange(words, 2, words.length));
    }

    /** Whether {@code data} starts with {@value #MAGIC_PREFIX}: a header, or damage that looks like one. */
    static boolean startsWithMagicPrefix(byte[] data) {
        if (data.length < MAGIC_PREFIX.length()) {
            return false;
        }
        for (int i = 0; i < MAGIC_PREFIX.length(); i++) {
            if (data[i] != MAGIC_PREFIX.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int parseFormat(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(text);
    }

    private static String describe(String objectName, String location) {
        return "object " + objectName + " in state location " + location;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 60; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return magic + " " + format;
    }

    /**
     * An object written by a newer Tideway, in a format this version does not know. Nothing is
     * changed when it is thrown: upgrade Tideway, or restore the state with the version that wrote it.
     */
    public static final class NewerFormatException extends PersistenceException {
        private static final long serialVersionUID = 1L;

        private final String objectName;
        private final int objectFormat;

        NewerFormatException(String objectName, String where, String magic, int objectFormat, int readable) {
            super(where + " was written by a newer Tideway (" + magic + " format " + objectFormat + "; this version reads"
                    + " formats up to " + readable + "); upgrade, or restore with the version that wrote it");
            this.objectName = objectName;
            this.objectFormat = objectFormat;
        }

        /** The object's name in its state location. */
        public String objectName() {
            return objectName;
        }

        /** The object's format. */
        public int objectFormat() {
            return objectFormat;
        }
    }
}
