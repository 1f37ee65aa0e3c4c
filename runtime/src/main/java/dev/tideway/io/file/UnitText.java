package dev.tideway.io.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

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
 * feeds every byte read to a digest. Use either {@link #read(char[], int, int)} or
 * {@link #readLine()}, not both. Not thread-safe.
 *
 * <pre>{@code
 * try (UnitText text = new UnitText(Files.newInputStream(file), file.toString(), badRows, false, Long.MAX_VALUE, null)) {
 *     for (String line = text.readLine(); line != null; line = text.readLine()) { ... }
 * }
 * }</pre>
 */
public final class UnitText extends Reader {
    private final InputStream in;
    private final String origin;
    private final BadRowHandler badRows;
    private final boolean wholeLinesOnly;
    private final MessageDigest digest;
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

    /** Decoded characters; those from {@link #charPosition} to {@link #charLimit} are not read yet. */
    private char[] chars = new char[FileSource.BUFFER_SIZE];
    private int charPosition;
    private int charLimit;
    private boolean skipLineFeed;

    /** Line breaks in the bytes decoded so far. */
    private long lineBreaks;
    /** Whether the bytes decoded so far end with {@code \r} (a {@code \n} right after belongs to it). */
    private boolean afterCarriageReturn;
    private final NavigableSet<Long> badLines = new TreeSet<>();

    /**
     * @param in the unit's bytes; closed with this reader
     * @param origin where they come from, for bad-row reports: a path, {@code s3://bucket/key}
     * @param badRows where lines that are not UTF-8 go
     * @param wholeLinesOnly whether to leave out a last line without its line break
     * @param maxBytes how many bytes to read at most
     * @param digest fed with every byte read, or null
     */
    public UnitText(InputStream in, String origin, BadRowHandler badRows, boolean wholeLinesOnly, long maxBytes,
            MessageDigest digest) {
        this.in = Objects.requireNonNull(in, "in");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.badRows = Objects.requireNonNull(badRows, "badRows");
        this.wholeLinesOnly = wholeLinesOnly;
        this.left = maxBytes;
        this.digest = digest;
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
        return badLines.contains(line);
    }

    /** Whether a line after {@code after} up to {@code upTo} (1-based, inclusive) was bad: for records over several lines. */
    public boolean hasBadLine(long after, long upTo) {
        Long first = badLines.higher(after);
        return first != null && first <= upTo;
    }

    /** The number of bytes read from the unit, those of an incomplete last line included. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Whether the unit ended with a line without its line break, which was left out. */
    public boolean incompleteLine() {
        return unreadBytes > 0;
    }

    /** Reads (and digests) what the parser left unread, so the digest covers every byte up to the limit. */
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

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Decodes the next whole lines (or, at the end, the last line); false when nothing is left. */
    private boolean decodeMore() throws IOException {
        while (true) {
            int lineEnd = lastLineEnd();
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

    /** The end of the last line break among the bytes not decoded, or {@link #start} if they hold none. */
    private int lastLineEnd() {
        for (int i = end - 1; i >= start; i--) {
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
        if (digest != null) {
            digest.update(bytes, end, n);
        }
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
        long count = 0;
        boolean carriageReturn = false;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                count++;
            } else if (b == '\r') {
                carriageReturn = true;
            }
        }
        if (!carriageReturn && !(afterCr && from < to && bytes[from] == '\n')) {
            return count;
        }
        // rarer: carriage returns, alone or before a line feed
        count = 0;
        boolean cr = afterCr;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
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
}
