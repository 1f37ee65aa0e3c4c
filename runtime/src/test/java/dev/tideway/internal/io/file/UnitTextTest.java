package dev.tideway.internal.io.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.InputException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.spi.BadRowHandler;

/** UTF-8 decoded a line at a time: lines as BufferedReader gives them, bad bytes reported on their line. */
class UnitTextTest {
    /** One, two, three and four bytes in UTF-8. */
    private static final String[] CHARACTERS = {"a", " ", "\u00e9", "\u20ac", "\uD83D\uDE00"};
    private final List<BadRow> reported = new ArrayList<>();
    private final BadRowHandler skipping = FileReadOptions.defaults().withBadRows(BadRowPolicy.SKIP)
            .withBadRowConsumer(reported::add).badRowHandler();

    @Test
    void linesAreThoseBufferedReaderGivesWhateverTheLineBreaksAndBufferBoundaries() throws IOException {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(30);
            for (int i = 0; i < lines; i++) {
                int length = random.nextInt(10) == 0 ? 70_000 + random.nextInt(1000) : random.nextInt(20);
                for (int c = 0; c < length; c++) {
                    text.append(CHARACTERS[random.nextInt(CHARACTERS.length)]);
                }
                text.append(List.of("\n", "\r\n", "\r").get(random.nextInt(3)));
            }
            if (random.nextBoolean()) {
                text.append("last");
            }
            assertThat(readLines(text.toString())).as("round %d", round).isEqualTo(bufferedLines(text.toString()));
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void badBytesAreReportedOnTheirLineCountingEveryKindOfLineBreak() throws IOException {
        byte[] bytes = bytes("one\r\ntwo\rthree\n", new byte[] {'f', 'o', (byte) 0xFF, 'r', '\r', '\n'}, "five\n");
        UnitText text = new UnitText(new ByteArrayInputStream(bytes), "f.txt", skipping, false, Long.MAX_VALUE);
        List<String> lines = readAll(text);
        assertThat(lines).containsExactly("one", "two", "three", "fo\uFFFDr", "five");
        assertThat(text.isBadLine(4)).isTrue();
        assertThat(text.hasBadLine(3, 4)).isTrue();
        assertThat(text.hasBadLine(4, 5)).isFalse();
        assertThat(reported).containsExactly(new BadRow("f.txt", 4, 0, null, "fo\uFFFDr",
                "not valid UTF-8 text: byte 0xFF at byte 3 of the line; save the file as UTF-8"));
    }

    @Test
    void aLineIsReportedOnceHoweverManyBadBytesItHolds() throws IOException {
        byte[] bytes = bytes("ok\n", new byte[] {(byte) 0xC3, '(', (byte) 0xA0, '\n'});
        UnitText text = new UnitText(new ByteArrayInputStream(bytes), "f.txt", skipping, false, Long.MAX_VALUE);
        assertThat(readAll(text)).containsExactly("ok", "\uFFFD(\uFFFD");
        assertThat(reported).singleElement().extracting(BadRow::line).isEqualTo(2L);
    }

    @Test
    void aBadByteFarIntoALongFileNamesItsLine() throws IOException {
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            good.append("line ").append(i).append('\n');
        }
        byte[] bytes = bytes(good.toString(), new byte[] {'x', (byte) 0x80, '\n'});
        UnitText text = new UnitText(new ByteArrayInputStream(bytes), "f.txt", FileReadOptions.defaults().badRowHandler(), false,
                Long.MAX_VALUE);
        assertThatThrownBy(() -> readAll(text)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("file f.txt, line 50001: not valid UTF-8 text: byte 0x80 at byte 2 of the line");
    }

    @Test
    void wholeLinesOnlyLeavesOutAnUnfinishedLastLineAndAHalfWrittenCharacter() throws IOException {
        byte[] bytes = bytes("one\ntwo\nca", new byte[] {'f', (byte) 0xC3});     // "café" cut inside the é
        UnitText text = new UnitText(new ByteArrayInputStream(bytes), "f.txt", skipping, true, Long.MAX_VALUE);
        assertThat(readAll(text)).containsExactly("one", "two");
        assertThat(text.incompleteLine()).isTrue();
        assertThat(text.bytesRead()).isEqualTo(bytes.length);
        assertThat(reported).isEmpty();

        UnitText whole = new UnitText(new ByteArrayInputStream(bytes), "f.txt", skipping, false, Long.MAX_VALUE);
        assertThat(readAll(whole)).containsExactly("one", "two", "caf\uFFFD");
        assertThat(whole.incompleteLine()).isFalse();
        assertThat(reported).singleElement().extracting(BadRow::line).isEqualTo(3L);
    }

    @Test
    void readsAtMostTheBytesAskedAndSumsEveryByteRead() throws Exception {
        byte[] bytes = "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8);
        UnitText text = new UnitText(new ByteArrayInputStream(bytes), "f.txt", skipping, false, 8);
        assertThat(text.readLine()).isEqualTo("one");
        text.close();            // a parser may close the text before its end: the rest is still summed
        text.skipRest();
        assertThat(text.bytesRead()).isEqualTo(8);
        UnitText whole = new UnitText(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)), "f.txt",
                skipping, false, Long.MAX_VALUE);
        readAll(whole);
        assertThat(text.checksum()).isEqualTo(whole.checksum());
        UnitText other = new UnitText(new ByteArrayInputStream("one\ntwx\n".getBytes(StandardCharsets.UTF_8)), "f.txt",
                skipping, false, Long.MAX_VALUE);
        readAll(other);
        assertThat(other.checksum()).isNotEqualTo(whole.checksum());
    }

    @Test
    void readingCharactersGivesTheTextWithItsLineBreaks() throws IOException {
        String source = "a,b\r\nc,\u00e9\n";
        UnitText text = new UnitText(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "f", skipping, false,
                Long.MAX_VALUE);
        StringBuilder read = new StringBuilder();
        char[] chunk = new char[3];
        for (int n = text.read(chunk, 0, 3); n >= 0; n = text.read(chunk, 0, 3)) {
            read.append(chunk, 0, n);
        }
        assertThat(read.toString()).isEqualTo(source);
    }

    private List<String> readLines(String source) throws IOException {
        return readAll(new UnitText(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "f", skipping, false,
                Long.MAX_VALUE));
    }

    private static List<String> readAll(UnitText text) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = text.readLine(); line != null; line = text.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> bufferedLines(String source) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new StringReader(source));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = part instanceof byte[] raw ? raw : ((String) part).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }
}
