package dev.tideway.internal.io.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.spi.BadRowHandler;

/**
 * The text of one unit (a file, an object in a bucket), decoded from UTF-8 a line at a time, for
 * the parsers of the file and object sources.
 *
 * <p><b>Bytes that are not UTF-8</b> spoil their line only: the line is reported to the bad-row
 * handler (file, line, the offending bytes), which stops the run under
 * {@link BadRowPolicy#STOP} or lets it go on under {@link BadRowPolicy#SKIP}; the line is then
 * passed on with U+FFFD in place of the bad bytes, and {@link #isBadLine} tells the parser to skip
 * the row it belongs to. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as the parsers count
 * them.
 *
 * <p><b>Whole lines only</b> (streaming reads): a last line without its line break is being written
 * and is not read; {@link #incompleteLine()} tells that there was one. A producer that appends
 * {@code banana\n} in two writes is read as {@code banana}, never as {@code ban}.
 *
 * <p>Reads at most a given number of bytes (the size the file had when its stamp was taken) and
 * sums every byte read ({@link #checksum()}). Use either {@link #read(char[], int, int)} or
 * {@link #readLine()}, not both. Not thread-safe.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(file);
 *      UnitText text = new UnitText(in, file.toString(), badRows, false, Long.MAX_VALUE)) {
 *     for (String line = text.readLine(); line != null; line = text.readLine()) { ... }
 * }
 * }</pre>
 */
public final class UnitText extends Reader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CARRIAGE_RETURNS = 0x0D0D0D0D0D0D0D0DL;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    /** How many bytes are decoded at a time (at least a whole line). */
    private static final int SEGMENT = 8192;

    private final InputStream in;
    private final String origin;
    private final BadRowHandler badRows;
    private final boolean wholeLinesOnly;
    private final ContentChecksum checksum;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Bytes read; those from {@link #start} to {@link #end} are not decoded yet. */
    private byte[] bytes = new byte[FileSource.BUFFER_SIZE];
    private int start;
    private int end;
    private long left;
    private boolean eof;
    private long bytesRead;
    private long unreadBytes;
    private boolean unfinishedRecord;

    /** Decoded characters; those from {@link #charPosition} to {@link #charLimit} are not read yet. */
    private char[] chars = new char[FileSource.BUFFER_SIZE];
    private int charPosition;
    private int charLimit;
    private boolean skipLineFeed;

    /** Line breaks in the bytes decoded so far. */
    private long lineBreaks;
    /** Whether the bytes decoded so far end with {@code \r} (a {@code \n} right after belongs to it). */
    private boolean afterCarriageReturn;
    /** The lines with bytes that are not UTF-8; null while there are none (nearly always). */
    private NavigableSet<Long> badLines;

    /**
     * @param in the unit's bytes; the caller closes it (parsers may close this reader before the
     *     checksum is complete, see {@link #skipRest})
     * @param origin where they come from, for bad-row reports: a path, {@code s3://bucket/key}
     * @param badRows where lines that are not UTF-8 go
     * @param wholeLinesOnly whether to leave out a last line without its line break
     * @param maxBytes how many bytes to read at most
     */
    public UnitText(InputStream in, String origin, BadRowHandler badRows, boolean wholeLinesOnly, long maxBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.badRows = Objects.requireNonNull(badRows, "badRows");
        this.wholeLinesOnly = wholeLinesOnly;
        this.left = maxBytes;
        this.checksum = new ContentChecksum();
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (charPosition == charLimit && !decodeMore()) {
            return -1;
        }
        int n = Math.min(length, charLimit - charPosition);
        System.arraycopy(chars, charPosition, target, offset, n);
        charPosition += n;
        return n;
    }

    /** The next line without its line break, or null at the end, as {@link java.io.BufferedReader#readLine} gives it. */
    public String readLine() throws IOException {
        StringBuilder partial = null;
        while (true) {
            if (charPosition == charLimit && !decodeMore()) {
                return partial == null ? null : partial.toString();
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (chars[charPosition] == '\n') {
                    charPosition++;
                    continue;
                }
            }
            int i = charPosition;
            while (i < charLimit && chars[i] != '\n' && chars[i] != '\r') {
                i++;
            }
            if (i < charLimit) {
                String line = partial == null ? new String(chars, charPosition, i - charPosition)
                        : partial.append(chars, charPosition, i - charPosition).toString();
                skipLineFeed = chars[i] == '\r';
                charPosition = i + 1;
                return line;
            }
            if (partial == null) {
                partial = new StringBuilder(charLimit - charPosition + 64);
            }
            partial.append(chars, charPosition, charLimit - charPosition);
            charPosition = charLimit;
        }
    }

    /** Whether line {@code line} (1-based) held bytes that are not UTF-8; it was reported. */
    public boolean isBadLine(long line) {
        return badLines != null && badLines.contains(line);
    }

    /** Whether a line after {@code after} up to {@code upTo} (1-based, inclusive) was bad: for records over several lines. */
    public boolean hasBadLine(long after, long upTo) {
        if (badLines == null) {
            return false;
        }
        Long first = badLines.higher(after);
        return first != null && first <= upTo;
    }

    /** The number of bytes read from the unit, those of an incomplete last line included. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Whether the unit ended with a line without its line break, which was left out, or with a record
     * its parser found unfinished ({@link #leaveIncomplete}).
     */
    public boolean incompleteLine() {
        return unreadBytes > 0 || unfinishedRecord;
    }

    /** Whether a last line without its line break is left out: the unit may still be being written. */
    public boolean wholeLinesOnly() {
        return wholeLinesOnly;
    }

    /**
     * Tells that the text ends inside a record (a quoted CSV cell over several lines whose closing
     * quote is not written yet): the rows before it stand, and the unit is read again, whole, once it
     * grows or is quiet, as for an incomplete last line. Only for {@link #wholeLinesOnly} texts.
     */
    public void leaveIncomplete() {
        if (!wholeLinesOnly) {
            throw new IllegalStateException("only a text read in whole lines, still being written, may end inside a record");
        }
        unfinishedRecord = true;
    }

    /** The checksum ({@link ContentChecksum}) of every byte read. */
    public long checksum() {
        return checksum.value();
    }

    /** Reads (and sums) what the parser left unread, so the checksum covers every byte up to the limit. */
    public void skipRest() throws IOException {
        charPosition = charLimit;
        start = end;
        while (!eof) {
            start = 0;
            end = 0;
            fill();
        }
        start = end;
    }

    /** Does not close the stream, which the caller owns, so that {@link #skipRest} still works. */
    @Override
    public void close() {
        charPosition = charLimit;
    }

    /** Decodes the next whole lines (or, at the end, the last line); false when nothing is left. */
    private boolean decodeMore() throws IOException {
        while (true) {
            // a few kilobytes at a time, as InputStreamReader does: bytes and characters stay in the CPU's cache
            int lineEnd = lastLineEnd(Math.min(end, start + SEGMENT));
            if (lineEnd == start) {
                lineEnd = lastLineEnd(end);     // a line longer than a segment
            }
            if (lineEnd > start) {
                decode(start, lineEnd);
                start = lineEnd;
                return true;
            }
            if (eof) {
                if (start == end) {
                    return false;
                }
                if (wholeLinesOnly) {
                    unreadBytes = end - start;     // still being written: the next poll reads it whole
                    start = end;
                    return false;
                }
                decode(start, end);
                start = end;
                return true;
            }
            fill();
        }
    }

    /** The end of the last line break among the bytes not decoded up to {@code limit}, or {@link #start} if none. */
    private int lastLineEnd(int limit) {
        for (int i = limit - 1; i >= start; i--) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                return i + 1;
            }
        }
        return start;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);      // a line longer than the buffer
        }
        int wanted = (int) Math.min(bytes.length - end, left);
        int n = wanted == 0 ? -1 : in.read(bytes, end, wanted);
        if (n < 0) {
            eof = true;
            return;
        }
        checksum.update(bytes, end, n);
        end += n;
        left -= n;
        bytesRead += n;
    }

    private void decode(int from, int to) {
        int length = to - from;
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        ByteBuffer source = ByteBuffer.wrap(bytes, from, length);
        CharBuffer target = CharBuffer.wrap(chars);
        decoder.reset();
        while (true) {
            CoderResult result = decoder.decode(source, target, true);
            if (result.isUnderflow()) {
                decoder.flush(target);
                break;
            }
            if (!result.isError()) {
                throw new IllegalStateException("UTF-8 decoding overflowed " + chars.length + " chars for " + length + " bytes");
            }
            int at = source.position();
            reportBadBytes(from, to, at, result.length());
            target.put('\uFFFD');
            source.position(at + result.length());
        }
        charPosition = 0;
        charLimit = target.position();
        lineBreaks += breaks(from, to, afterCarriageReturn);
        afterCarriageReturn = bytes[to - 1] == '\r';
    }

    private void reportBadBytes(int from, int to, int at, int count) {
        int lineStart = at;
        while (lineStart > from && bytes[lineStart - 1] != '\n' && bytes[lineStart - 1] != '\r') {
            lineStart--;
        }
        int lineEnd = at;
        while (lineEnd < to && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
            lineEnd++;
        }
        long line = lineBreaks + breaks(from, lineStart, afterCarriageReturn) + 1;
        if (badLines == null) {
            badLines = new TreeSet<>();
        }
        if (!badLines.add(line)) {
            return;     // one report a line
        }
        StringBuilder found = new StringBuilder();
        for (int i = at; i < at + count; i++) {
            found.append(found.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        String text = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        badRows.handle(new BadRow(origin, line, 0, null, text, "not valid UTF-8 text: " + (count == 1 ? "byte " : "bytes ")
                + found + " at byte " + (at - lineStart + 1) + " of the line; save the file as UTF-8"));
    }

    /** The line breaks in {@code bytes[from, to)}: {@code \n}, {@code \r\n} and {@code \r} count one each. */
    private long breaks(int from, int to, boolean afterCr) {
        // line feeds counted eight bytes at a time: this runs over every byte of every file read
        long count = 0;
        long carriageReturns = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(bytes, i);
            count += Long.bitCount(zeroBytes(word ^ LINE_FEEDS));
            carriageReturns |= zeroBytes(word ^ CARRIAGE_RETURNS);
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                count++;
            } else if (bytes[i] == '\r') {
                carriageReturns = 1;
            }
        }
        if (carriageReturns == 0 && !(afterCr && bytes[from] == '\n')) {
            return count;
        }
        // rarer: carriage returns, alone or before a line feed
        count = 0;
        boolean cr = afterCr;
        for (int j = from; j < to; j++) {
            byte b = bytes[j];
            if (b == '\n') {
                if (!cr) {
                    count++;
                }
                cr = false;
            } else if (b == '\r') {
                count++;
                cr = true;
            } else {
                cr = false;
            }
        }
        return count;
    }

    /** A word with the high bit of each byte set where that byte of {@code word} is zero, and no other bit. */
    private static long zeroBytes(long word) {
        long low = (word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS;
        return ~(low | word | LOW_SEVEN_BITS);
    }
}
