package dev.tideway.internal.io.csv;

import java.io.CharArrayReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of one CSV file, with the line each ends on, as Commons CSV reads them with the
 * source's format — but faster for the common case. A line without a quote character holds no
 * quoted cell, so it is split at the delimiter here, which gives exactly what Commons CSV gives for
 * it (no trimming; an empty line is skipped) without a parser object, a token buffer and a record
 * object per line. From the first line with a quote character on, the rest of the file goes to
 * Commons CSV: a quoted cell may hold delimiters, doubled quotes and line breaks, and its parser
 * knows how to read them and how to fail on bad quoting.
 */
final class CsvRecordReader implements Closeable {
    private final Reader in;
    private final CSVFormat format;
    private final char delimiter;
    /** The quote character, or -1 if the format has none. */
    private final int quote;

    private char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean eof;
    /** A line ended with CR: a LF right after it belongs to the same line break. */
    private boolean skipLineFeed;
    /** The lines read so far by the fast path. */
    private long lines;

    private CSVParser parser;
    private Iterator<CSVRecord> quoted;

    private String[] cells;
    private long lineNumber;

    CsvRecordReader(Reader in, CSVFormat format, char delimiter) {
        this.in = in;
        this.format = format;
        this.delimiter = delimiter;
        this.quote = format.getQuoteCharacter() == null ? -1 : format.getQuoteCharacter();
    }

    /** Moves to the next record; false at the end of the file. */
    boolean next() throws IOException {
        if (quoted != null) {
            return nextQuoted();
        }
        while (true) {
            if (skipLineFeed) {
                if (!fill(1)) {
                    return false;
                }
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                }
            }
            if (!fill(1)) {
                return false;
            }
            int start = position;
            int end = findLineEnd(start);
            while (end < 0 && !eof) {
                int scanned = limit - start;
                fill(scanned + 1);
                start = position;
                end = findLineEnd(start + scanned);
            }
            if (end < 0) {
                end = limit;        // the last line, with no line break
            }
            if (containsQuote(start, end)) {
                switchToParser(start);
                return nextQuoted();
            }
            lines++;
            position = end;
            if (end < limit) {
                skipLineFeed = buffer[end] == '\r';
                position++;
            }
            if (end == start) {
                continue;           // an empty line
            }
            cells = split(start, end);
            lineNumber = lines;
            return true;
        }
    }

    /** The cells of the current record; the array is reused by the next record. */
    String[] cells() {
        return cells;
    }

    /** The 1-based line of the file the current record ends on. */
    long lineNumber() {
        return lineNumber;
    }

    private int findLineEnd(int from) {
        for (int i = from; i < limit; i++) {
            char c = buffer[i];
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    private boolean containsQuote(int start, int end) {
        for (int i = start; i < end; i++) {
            if (buffer[i] == quote) {
                return true;
            }
        }
        return false;
    }

    private String[] split(int start, int end) {
        int count = 1;
        for (int i = start; i < end; i++) {
            if (buffer[i] == delimiter) {
                count++;
            }
        }
        // the cells are read before the next record: reuse the array when the width is the same
        String[] result = cells != null && cells.length == count ? cells : new String[count];
        int cell = 0;
        int from = start;
        for (int i = start; i < end; i++) {
            if (buffer[i] == delimiter) {
                result[cell++] = new String(buffer, from, i - from);
                from = i + 1;
            }
        }
        result[cell] = new String(buffer, from, end - from);
        return result;
    }

    /**
     * Makes at least {@code wanted} characters available from {@link #position}, moving what is left
     * to the front of the buffer (and growing it for a very long line); false if none are left.
     */
    private boolean fill(int wanted) throws IOException {
        if (limit - position >= wanted) {
            return true;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (wanted > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(wanted, buffer.length * 2));
        }
        while (limit < wanted && !eof) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return limit > position;
    }

    /** Hands the rest of the file, from the line at {@code start}, to Commons CSV. */
    private void switchToParser(int start) throws IOException {
        Reader rest = new PrefixedReader(new CharArrayReader(buffer, start, limit - start), in);
        parser = format.parse(rest);
        quoted = parser.iterator();
    }

    private boolean nextQuoted() {
        // Commons CSV reports bad quoting and decoding errors as UncheckedIOException from here
        if (!quoted.hasNext()) {
            return false;
        }
        CSVRecord record = quoted.next();
        cells = record.values();
        lineNumber = lines + parser.getCurrentLineNumber();
        return true;
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        in.close();
    }

    /** What is left in the buffer, then the rest of the file. */
    private static final class PrefixedReader extends Reader {
        private final Reader prefix;
        private final Reader rest;
        private boolean prefixDone;

        PrefixedReader(Reader prefix, Reader rest) {
            this.prefix = prefix;
            this.rest = rest;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (!prefixDone) {
                int n = prefix.read(target, offset, length);
                if (n > 0) {
                    return n;
                }
                prefixDone = true;
            }
            return rest.read(target, offset, length);
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }
}
