package dev.tideway.internal.io.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.internal.engine.Changes;
import dev.tideway.spi.ChangeBatch;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSinkTest {
    @TempDir
    Path dir;

    private static ChangeBatch<Person> changes(Object... rowsAndDiffs) {
        Changes changes = new Changes();
        for (int i = 0; i < rowsAndDiffs.length; i += 2) {
            changes.add(i, rowsAndDiffs[i], (Integer) rowsAndDiffs[i + 1]);
        }
        return changes.asBatch();
    }

    @Test
    void writesAHeaderAndOneLinePerChangeWithTimeAndDiff() throws IOException {
        Path file = dir.resolve("out/people.csv");
        CsvSink<Person> sink = new CsvSink<>(file, Person_.SCHEMA);
        assertThat(sink.name()).isEqualTo("csv:" + file);
        sink.open(-1);
        sink.write(2, changes(Person.of("Ada", 36, "Paris"), 1, Person.of("Bob, Jr.", 40), 1), Person_.SCHEMA);
        sink.write(4, changes(Person.of("Ada", 36, "Paris"), -1), Person_.SCHEMA);
        long length = sink.commit();
        sink.close();

        String expected = "name,age,city,time,diff\n"
                + "Ada,36,Paris,2,1\n"
                + "\"Bob, Jr.\",40,,2,1\n"
                + "Ada,36,Paris,4,-1\n";
        assertThat(Files.readString(file)).isEqualTo(expected);
        assertThat(length).isEqualTo(expected.length());
    }

    @Test
    void openAtACommittedLengthCutsOffWhatFollowedAndContinues() throws IOException {
        Path file = dir.resolve("people.csv");
        CsvSink<Person> first = new CsvSink<>(file, Person_.SCHEMA);
        first.open(-1);
        first.write(2, changes(Person.of("Ada", 36), 1), Person_.SCHEMA);
        long committed = first.commit();
        first.write(4, changes(Person.of("Lost", 1), 1), Person_.SCHEMA);   // written, never committed
        first.close();

        CsvSink<Person> second = new CsvSink<>(file, Person_.SCHEMA);
        second.open(committed);
        second.write(4, changes(Person.of("Bob", 40), 1), Person_.SCHEMA);
        second.commit();
        second.close();
        assertThat(Files.readString(file)).isEqualTo("name,age,city,time,diff\nAda,36,,2,1\nBob,40,,4,1\n");
    }

    @Test
    void openMinusOneEmptiesAnExistingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("people.csv"), "old content\n");
        CsvSink<Person> sink = new CsvSink<>(file, Person_.SCHEMA);
        sink.open(-1);
        assertThat(sink.commit()).isEqualTo("name,age,city,time,diff\n".length());
        sink.close();
        assertThat(Files.readString(file)).isEqualTo("name,age,city,time,diff\n");
    }

    @Test
    void openAtALengthBeyondTheFileIsAnErrorNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("people.csv"), "name,age,city,time,diff\n");
        CsvSink<Person> sink = new CsvSink<>(file, Person_.SCHEMA);
        assertThatThrownBy(() -> sink.open(1000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("shorter than the 1000 bytes")
                .hasMessageContaining("changed outside Tideway");
        assertThat(Files.readString(file)).isEqualTo("name,age,city,time,diff\n");
    }

    @Test
    void openAtALengthOfAVanishedFileIsAnError() {
        Path file = dir.resolve("gone.csv");
        assertThatThrownBy(() -> new CsvSink<>(file, Person_.SCHEMA).open(10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file + ": the file is gone");
    }
}
