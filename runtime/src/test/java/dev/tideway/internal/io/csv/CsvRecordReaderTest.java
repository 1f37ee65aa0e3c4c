package dev.tideway.internal.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The fast path of {@link CsvRecordReader} must read every input exactly as Commons CSV does: the
 * same cells and the same line numbers, whatever the mix of quoted and plain lines, line breaks and
 * empty lines.
 */
class CsvRecordReaderTest {
    private static List<String> commons(String text, char delimiter) throws IOException {
        List<String> out = new ArrayList<>();
        try (CSVParser parser = format(delimiter).parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                out.add(Arrays.toString(record.values()) + "@" + parser.getCurrentLineNumber());
            }
        }
        return out;
    }

    private static List<String> fast(String text, char delimiter, int bufferChunk) throws IOException {
        List<String> out = new ArrayList<>();
        // a reader that hands out few characters at a time, so lines straddle reads
        StringReader source = new StringReader(text);
        java.io.Reader trickle = new java.io.Reader() {
            @Override
            public int read(char[] b, int off, int len) throws IOException {
                return source.read(b, off, Math.min(len, bufferChunk));
            }

            @Override
            public void close() {}
        };
        try (CsvRecordReader records = new CsvRecordReader(trickle, format(delimiter), delimiter)) {
            while (records.next()) {
                out.add(Arrays.toString(records.cells()) + "@" + records.lineNumber());
            }
        }
        return out;
    }

    private static CSVFormat format(char delimiter) {
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    }

    @Test
    void readsLikeCommonsCsv() throws IOException {
        String[] cases = {
                "", "word", "word\n", "word\na\nb\n", "word\na\nb", "\n\nword\n\na\r\n\rb\n\n\r\n",
                "x,y\n1,2\n3\n,\n\"q\nq\",5\n6,7", " a , b \n  \n", "\uFEFFword\nx\n", "a\r", "a\r\r\nb",
                "x,y\n1,\"2,3\"\n4,5\n", "x\n\"a\"\"b\"\nc\n"};
        for (String text : cases) {
            for (int chunk : new int[] {1, 2, 3, 1 << 16}) {
                assertThat(fast(text, ',', chunk)).as("%s in chunks of %d", text, chunk).isEqualTo(commons(text, ','));
            }
        }
    }

    @Test
    void readsRandomTextLikeCommonsCsv() throws IOException {
        Random random = new Random(7);
        String alphabet = "ab ,;\"\n\r\t";
        for (int n = 0; n < 3000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            char delimiter = random.nextBoolean() ? ',' : ';';
            List<String> expected;
            try {
                expected = commons(text.toString(), delimiter);
            } catch (UncheckedIOException | IllegalStateException e) {
                // bad quoting: the fast path must fail too, in the same way
                assertThatThrownBy(() -> fast(text.toString(), delimiter, 3)).isInstanceOf(e.getClass());
                continue;
            }
            assertThat(fast(text.toString(), delimiter, 1 + random.nextInt(8))).as("%s", text).isEqualTo(expected);
        }
    }

    @Test
    void readsAVeryLongLine() throws IOException {
        String text = "w\n" + "x".repeat(200_000) + "\ny\n";
        assertThat(fast(text, ',', 1 << 16)).isEqualTo(commons(text, ','));
    }
}
