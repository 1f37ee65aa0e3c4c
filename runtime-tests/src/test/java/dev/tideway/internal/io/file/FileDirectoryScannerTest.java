package dev.tideway.internal.io.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.InputException;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.RecordingUnits;
import dev.tideway.internal.io.csv.CsvRowParser;
import dev.tideway.internal.io.jsonlines.JsonLinesRowParser;
import dev.tideway.io.text.TextLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.tideway.spi.ParsedRows;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.spi.BadRowHandler;

/** What the scanner takes for a changed file, and what it reads of a file being written. */
class FileDirectoryScannerTest {
    private static final FileReadOptions STREAMING = FileReadOptions.defaults();
    private static final FileReadOptions STATIC = FileReadOptions.defaults().withStreaming(false);

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final List<BadRow> reported = new ArrayList<>();

    /** The three text formats, each with a row written as "Ada, 36". */
    enum Format {
        CSV("name,age\n", "Ada,36"),
        JSON_LINES("", "{\"name\":\"Ada\",\"age\":36}"),
        TEXT("", "Ada,36");

        final String header;
        final String line;

        Format(String header, String line) {
            this.header = header;
            this.line = line;
        }

        TextUnitParser<?> parser(BadRowHandler badRows) {
            return switch (this) {
                case CSV -> new CsvRowParser<>(Person_.SCHEMA, ',', badRows);
                case JSON_LINES -> new JsonLinesRowParser<>(Person_.SCHEMA, badRows);
                case TEXT -> (text, origin, rows) -> {
                    long line = 0;
                    for (String read = text.readLine(); read != null; read = text.readLine()) {
                        if (!text.isBadLine(++line)) {
                            ((ParsedRows<Object>) (ParsedRows<?>) rows).add(new TextLine(read), line);
                        }
                    }
                };
            };
        }

        Object row() {
            return this == TEXT ? new TextLine("Ada,36") : Person.of("Ada", 36);
        }
    }

    // ---- changed files that look unchanged ----

    @Test
    void aFileRewrittenWithItsSizeAndModificationTimeSetBackIsReadAgain() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\n");
        FileTime before = Files.getLastModifiedTime(file);
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, Format.CSV, STATIC);

        Files.writeString(file, "name,age\nBob,36\n");
        Files.setLastModifiedTime(file, before);
        poll(scanner(), units, Format.CSV, STATIC);
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Bob", 36));
    }

    @Test
    void aFileWithAnotherStampButTheSameBytesIsReportedUnchanged() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\n");
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, Format.CSV, STATIC);

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        poll(scanner(), units, Format.CSV, STATIC);
        assertThat(units.replaced).isEmpty();
        assertThat(units.unchanged).containsOnlyKeys("a.csv");
        assertThat(FilePosition.decode(units.heldPosition("a.csv")).stamp().modifiedNanos())
                .isEqualTo(TimeUnit.SECONDS.toNanos(Instant.parse("2030-01-01T00:00:00Z").getEpochSecond()));
    }

    /**
     * On a file system with whole-second times and no inode change time (FAT, some network shares), a
     * same-size rewrite in the second the file was read leaves its stamp as it was: the stamp was
     * racily clean, so the next poll compares the content.
     */
    @Test
    void aRacilyCleanFileIsComparedByContentUntilItsStampIsOldEnough() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\n");
        FileDirectoryScanner coarse = new FileDirectoryScanner(dir, FileDirectoryScannerTest::wholeSecondsNoChangeTime, clock::get);
        clock.set(TimeUnit.NANOSECONDS.toMillis(wholeSecondsNoChangeTime(file).modifiedNanos()) + 500);
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(coarse, units, Format.CSV, STATIC);
        assertThat(FilePosition.decode(units.heldPosition("a.csv")).racy()).isTrue();

        FileStamp stamp = wholeSecondsNoChangeTime(file);
        Files.writeString(file, "name,age\nBob,36\n");
        Files.setLastModifiedTime(file, FileTime.from(stamp.modifiedNanos(), TimeUnit.NANOSECONDS));
        assertThat(wholeSecondsNoChangeTime(file)).isEqualTo(stamp);
        poll(coarse, units, Format.CSV, STATIC);
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Bob", 36));

        clock.addAndGet(FileDirectoryScanner.RACY_WINDOW_MILLIS + 1000);
        poll(coarse, units, Format.CSV, STATIC);
        assertThat(units.replaced).isEmpty();
        assertThat(units.unchanged).containsOnlyKeys("a.csv");
        assertThat(FilePosition.decode(units.heldPosition("a.csv")).racy()).isFalse();
    }

    // ---- half-written lines ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void aStreamingReadLeavesOutALastLineWithoutLineBreakUntilItIsWritten(Format format) throws IOException {
        String whole = format.header + format.line;
        Path file = write("a.txt", whole.substring(0, whole.length() - 3));     // "Ada,3": a row with the wrong age
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, format, STREAMING);
        assertThat(units.replaced.get("a.txt")).isEmpty();
        assertThat(FilePosition.decode(units.heldPosition("a.txt")).incompleteLine()).isTrue();

        Files.writeString(file, whole.substring(whole.length() - 3) + "\n", StandardOpenOption.APPEND);
        poll(scanner(), units, format, STREAMING);
        assertThat(units.replaced.get("a.txt")).containsExactly(format.row());
        assertThat(FilePosition.decode(units.heldPosition("a.txt")).incompleteLine()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aLastLineWithoutLineBreakIsReadOnceTheFileWasQuietForTheTimeout(Format format) throws IOException {
        Path file = write("a.txt", format.header + format.line);
        FileStamp stamp = FileStamp.read(file);
        FileReadOptions options = STREAMING.withIncompleteLineTimeout(Duration.ofSeconds(5));
        RecordingUnits<Object> units = new RecordingUnits<>();
        clock.set(stamp.lastTouchedMillis() + 4_000);
        poll(scanner(), units, format, options);
        assertThat(units.replaced.get("a.txt")).isEmpty();

        poll(scanner(), units, format, options);
        assertThat(units.replaced).as("nothing changed, and not quiet for long enough").isEmpty();

        clock.set(stamp.lastTouchedMillis() + 5_000);
        poll(scanner(), units, format, options);
        assertThat(units.replaced.get("a.txt")).containsExactly(format.row());
        assertThat(FilePosition.decode(units.heldPosition("a.txt")).incompleteLine()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aStaticReadTakesALastLineWithoutLineBreakAtOnce(Format format) throws IOException {
        write("a.txt", format.header + format.line);
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, format, STATIC);
        assertThat(units.replaced.get("a.txt")).containsExactly(format.row());
    }

    @Test
    void aQuotedCsvCellOverSeveralLinesStillBeingWrittenIsReadOnceItsQuoteIsClosed() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\n\"Bo\n");
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, Format.CSV, STREAMING);
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Ada", 36));
        assertThat(FilePosition.decode(units.heldPosition("a.csv")).incompleteLine()).isTrue();

        Files.writeString(file, "b\",40\n", StandardOpenOption.APPEND);
        poll(scanner(), units, Format.CSV, STREAMING);
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Ada", 36), Person.of("Bo\nb", 40));
        assertThat(units.lines.get("a.csv")).containsExactly(2L, 4L);

        Files.writeString(dir.resolve("b.csv"), "name,age\n\"Cy\n");
        assertThatThrownBy(() -> poll(scanner(), new RecordingUnits<>(), Format.CSV, STATIC))
                .as("read statically, an unclosed quote is malformed")
                .isInstanceOf(InputException.class)
                .hasMessageContaining("b.csv: cannot parse it as CSV");
    }

    // ---- bytes that are not UTF-8 ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void aLineThatIsNotUtf8IsReportedWithItsLineAndSkipped(Format format) throws IOException {
        String bad = format.line.replace("Ada", "Ad\u00e9");
        Path file = writeBytes("a.txt", (format.header + bad + "\n" + format.line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, format, STATIC.withBadRows(BadRowPolicy.SKIP).withBadRowConsumer(reported::add));

        long line = format.header.isEmpty() ? 1 : 2;
        assertThat(units.replaced.get("a.txt")).containsExactly(format.row());
        assertThat(units.lines.get("a.txt")).containsExactly(line + 1);
        assertThat(reported).containsExactly(new BadRow(file.toString(), line, 0, null, bad.replace('\u00e9', '\uFFFD'),
                "not valid UTF-8 text: byte 0xE9 at byte " + (bad.indexOf('\u00e9') + 1) + " of the line; save the file as UTF-8"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void underStopALineThatIsNotUtf8StopsTheReadNamingFileAndLine(Format format) throws IOException {
        String bad = format.line.replace("Ada", "Ad\u00e9");
        Path file = writeBytes("a.txt", (format.header + format.line + "\n" + bad + "\n").getBytes(StandardCharsets.ISO_8859_1));
        RecordingUnits<Object> units = new RecordingUnits<>();
        assertThatThrownBy(() -> poll(scanner(), units, format, STATIC))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line " + (format.header.isEmpty() ? 2 : 3) + ": not valid UTF-8 text");
        assertThat(units.replaced).isEmpty();
    }

    @Test
    void aQuotedCsvRecordOverSeveralLinesWithOneNotUtf8IsSkippedWhole() throws IOException {
        Path file = writeBytes("a.csv", "name,age\n\"Ad\na\u00e9\",36\nBob,40\n".getBytes(StandardCharsets.ISO_8859_1));
        RecordingUnits<Object> units = new RecordingUnits<>();
        poll(scanner(), units, Format.CSV, STATIC.withBadRows(BadRowPolicy.SKIP).withBadRowConsumer(reported::add));
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Bob", 40));
        assertThat(units.lines.get("a.csv")).containsExactly(4L);
        assertThat(reported).extracting(BadRow::file, BadRow::line).containsExactly(org.assertj.core.groups.Tuple.tuple(file.toString(), 3L));
    }

    @Test
    void aCsvHeaderThatIsNotUtf8StopsTheReadWhateverThePolicy() throws IOException {
        Path file = writeBytes("a.csv", "n\u00e4me,age\nAda,36\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> poll(scanner(), new RecordingUnits<>(), Format.CSV, STATIC.withBadRows(BadRowPolicy.SKIP)))
                .isInstanceOf(InputException.class)
                .hasMessage("file " + file + ", line 1: the header is not valid UTF-8 text, so no column can be matched. Save the file as UTF-8");
    }

    // ---- helpers ----

    private FileDirectoryScanner scanner() {
        return new FileDirectoryScanner(dir, FileStamp::read, clock::get);
    }

    @SuppressWarnings("unchecked")
    private void poll(FileDirectoryScanner scanner, RecordingUnits<Object> units, Format format, FileReadOptions options)
            throws IOException {
        units.replaced.clear();
        units.removed.clear();
        units.unchanged.clear();
        units.lines.clear();
        BadRowHandler badRows = options.badRowHandler();
        scanner.poll(units, units, (TextUnitParser<Object>) format.parser(badRows), badRows, options);
    }

    /** The stamp a coarse file system gives: whole seconds, no inode change time, no file key. */
    private static FileStamp wholeSecondsNoChangeTime(Path file) throws IOException {
        FileStamp real = FileStamp.read(file);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(real.modifiedNanos());
        return new FileStamp(real.size(), TimeUnit.SECONDS.toNanos(seconds), FileStamp.UNKNOWN, "");
    }

    private Path write(String name, String text) throws IOException {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
