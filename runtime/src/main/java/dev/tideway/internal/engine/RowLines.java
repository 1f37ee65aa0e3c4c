package dev.tideway.internal.engine;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.function.IntToLongFunction;

/**
 * The lines the rows of a unit were read from, encoded small: a regular file (one row a line, no
 * blank lines) costs two bytes whatever its length; otherwise one varint a row, the step from the
 * line before. Kept with the unit's rows to name a row's place in messages.
 */
final class RowLines {
    private static final byte REGULAR = 1;
    private static final byte STEPS = 2;

    private RowLines() {}

    /** The encoding of the lines of rows {@code 0..count)}, or null when the lines are unknown (null). */
    static byte[] encode(IntToLongFunction lineOfRow, int count) {
        if (lineOfRow == null || count == 0) {
            return null;
        }
        long first = lineOfRow.applyAsLong(0);
        boolean regular = true;
        for (int i = 1; i < count && regular; i++) {
            regular = lineOfRow.applyAsLong(i) == first + i;
        }
        BinaryWriter out = new BinaryWriter(regular ? 12 : count + 12);
        out.writeByte(regular ? REGULAR : STEPS);
        out.writeLong(first);
        if (!regular) {
            for (int i = 1; i < count; i++) {
                out.writeLong(lineOfRow.applyAsLong(i) - lineOfRow.applyAsLong(i - 1));
            }
        }
        return out.toByteArray();
    }

    /** The line of row {@code index}, or 0 when unknown. */
    static long line(byte[] encoded, int index) {
        if (encoded == null) {
            return 0;
        }
        BinaryReader in = new BinaryReader(encoded);
        byte kind = (byte) in.readByte();
        long line = in.readLong();
        if (kind == REGULAR) {
            return line + index;
        }
        for (int i = 1; i <= index; i++) {
            line += in.readLong();
        }
        return line;
    }
}
