package dev.tideway.internal.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.InputException;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.RecordingUnits;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tideway.io.csv.CsvReadOptions;

class CsvSourceTest {
    @TempDir
    Path dir;

    private final RecordingUnits<Person> units = new RecordingUnits<>();

    private CsvSource<Person> source(CsvReadOptions options) {
        return new CsvSource<>(dir, Person_.SCHEMA, options);
    }

    private CsvSource<Person> source() {
        return source(CsvReadOptions.defaults());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void reportsNewModifiedAndDeletedFilesOfADirectory() throws IOException {
        write("a.csv", "name,age\nAda,36\n");
        write("sub/b.csv", "name,age\nBob,40\nCy,7\n");
        CsvSource<Person> source = source();

        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("a.csv", "sub/b.csv");
        assertThat(units.replaced.get("sub/b.csv")).containsExactly(Person.of("Bob", 40), Person.of("Cy", 7));

        units.poll(source);
        assertThat(units.replaced).isEmpty();
        assertThat(units.removed).isEmpty();

        Path a = write("a.csv", "name,age\nAda,37\nAlan,41\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(dir.resolve("sub/b.csv"));
        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("a.csv");
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Ada", 37), Person.of("Alan", 41));
        assertThat(units.removed).containsExactly("sub/b.csv");
        assertThat(units.rows()).containsOnlyKeys("a.csv");
    }

    @Test
    void aFileRewrittenWithTheSameSizeIsReadAgainWhenItsTimeChanges() throws IOException {
        Path a = write("a.csv", "name,age\nAda,36\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        CsvSource<Person> source = source();
        units.poll(source);

        write("a.csv", "name,age\nAda,37\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2024-01-01T00:00:01Z")));
        units.poll(source);
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Ada", 37));
    }

    @Test
    void ignoresHiddenAndTemporaryFilesAndReadsThemOnceRenamed() throws IOException {
        write(".hidden.csv", "name,age\nH,1\n");
        write(".git/x.csv", "name,age\nG,1\n");
        write("backup.csv~", "name,age\nB,1\n");
        write("new.csv.tmp", "name,age\nNew,2\n");
        CsvSource<Person> source = source();
        units.poll(source);
        assertThat(units.replaced).isEmpty();

        Files.move(dir.resolve("new.csv.tmp"), dir.resolve("new.csv"));
        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("new.csv");
        assertThat(units.replaced.get("new.csv")).containsExactly(Person.of("New", 2));
    }

    @Test
    void readsASingleFileWithItsAbsolutePathAsLocation() throws IOException {
        Path file = write("people.csv", "name,age\nAda,36\n");
        CsvSource<Person> source = new CsvSource<>(dir.resolve("x/../people.csv"), Person_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false));
        assertThat(source.location()).isEqualTo("csv:" + file.toAbsolutePath());
        assertThat(source.streaming()).isFalse();
        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("people.csv");
    }

    @Test
    void aMissingPathIsAnErrorForAStaticReadAndEmptyForAStreamingOne() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> units.poll(new CsvSource<>(missing, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(false))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        units.poll(new CsvSource<>(missing, Person_.SCHEMA, CsvReadOptions.defaults()));
        assertThat(units.replaced).isEmpty();
    }

    @Test
    void matchesColumnsByNameInAnyOrderIgnoringExtraColumns() throws IOException {
        write("a.csv", "city,extra,age,name\nParis,x,36,Ada\n,y,40,Bob\n");
        write("b.csv", "age,name\n7,Cy\n");
        units.poll(source());
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Ada", 36, "Paris"), Person.of("Bob", 40));
        assertThat(units.replaced.get("b.csv")).containsExactly(Person.of("Cy", 7));
    }

    @Test
    void readsQuotedCellsAndOtherDelimiters() throws IOException {
        write("a.csv", "name;age;city\n\"Lovelace; Ada\";36;\"London\nUK\"\n");
        units.poll(source(CsvReadOptions.defaults().withDelimiter(';')));
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Lovelace; Ada", 36, "London\nUK"));
    }

    @Test
    void anEmptyFileHasNoRows() throws IOException {
        write("a.csv", "");
        units.poll(source());
        assertThat(units.replaced.get("a.csv")).isEmpty();
    }

    @Test
    void aMissingRequiredColumnNamesTheFileTheColumnAndTheColumnsFound() throws IOException {
        Path file = write("a.csv", "name,town\nAda,Paris\n");
        assertThatThrownBy(() -> units.poll(source()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("file " + file)
                .hasMessageContaining("no column \"age\"")
                .hasMessageContaining("[name, town]");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsStopsTheRead() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\nBob\n");
        assertThatThrownBy(() -> units.poll(source()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line 3, column 2 (age): expected 2 cells as in the header (name,age), found 1; value \"Bob\"")
                .hasMessageContaining("SKIP");
        assertThat(units.replaced).isEmpty();
    }

    @Test
    void aValueThatDoesNotParseNamesFileLineColumnAndValue() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\nBob,forty\n");
        assertThatThrownBy(() -> units.poll(source()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line 3, column 2 (age): not a long: \"forty\"; value \"forty\"");
    }

    @Test
    void lineNumbersCountTheLinesOfQuotedCellsAndTheLastLineWithoutBreak() throws IOException {
        write("a.csv", "name,age\n\"A\nB\",36\nBob,x");
        // static: a streaming read would wait for the last line's line break
        assertThatThrownBy(() -> units.poll(source(CsvReadOptions.defaults().withStreaming(false))))
                .hasMessageContaining("line 4, column 2 (age)");
    }

    @Test
    void malformedQuotingStopsTheReadWithTheFileName() throws IOException {
        Path file = write("a.csv", "name,age\n\"Ada\"x,36\n");
        assertThatThrownBy(() -> units.poll(source(CsvReadOptions.defaults().withBadRows(BadRowPolicy.SKIP))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("file " + file + ": cannot parse it as CSV");
    }

    @Test
    void skipsBadRowsWhenAskedCountingAndReportingEach() throws IOException {
        Path file = write("a.csv", "name,age\nAda,36\nBob,forty\nCy\nDan,50\n");
        List<BadRow> reported = new ArrayList<>();
        CsvReadOptions options = CsvReadOptions.defaults().withBadRows(BadRowPolicy.SKIP).withBadRowConsumer(reported::add);
        units.poll(source(options));
        assertThat(units.replaced.get("a.csv")).containsExactly(Person.of("Ada", 36), Person.of("Dan", 50));
        assertThat(options.skippedRows()).isEqualTo(2);
        assertThat(reported).containsExactly(
                new BadRow(file.toString(), 3, 2, "age", "forty", "not a long: \"forty\""),
                new BadRow(file.toString(), 4, 2, "age", "Cy", "expected 2 cells as in the header (name,age), found 1"));
    }

    @Test
    void invalidUtf8StopsTheReadNamingTheFileLineAndBytes() throws IOException {
        Path file = dir.resolve("a.csv");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ',', 'a', 'g', 'e', '\n', (byte) 0xC3, '(', ',', '1', '\n'});
        assertThatThrownBy(() -> units.poll(source()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line 2: not valid UTF-8 text: byte 0xC3 at byte 1 of the line;"
                        + " save the file as UTF-8; value \"\uFFFD(,1\"")
                .hasMessageContaining("SKIP");
        assertThat(units.replaced).isEmpty();
    }
}
