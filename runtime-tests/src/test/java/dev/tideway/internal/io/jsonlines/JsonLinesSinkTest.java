package dev.tideway.internal.io.jsonlines;

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

class JsonLinesSinkTest {
    @TempDir
    Path dir;

    private static ChangeBatch<Person> changes(Person row, int diff) {
        Changes changes = new Changes();
        changes.add(7, row, diff);
        return changes.asBatch();
    }

    @Test
    void writesOneObjectPerChangeWithTimeAndDiff() throws IOException {
        Path file = dir.resolve("people.jsonl");
        JsonLinesSink<Person> sink = new JsonLinesSink<>(file);
        assertThat(sink.name()).isEqualTo("jsonlines:" + file);
        sink.open(-1);
        sink.write(1732, changes(Person.of("A \"q\"", 2, "Paris"), 1), Person_.SCHEMA);
        sink.write(1734, changes(Person.of("b", 3), -1), Person_.SCHEMA);
        long length = sink.commit();
        sink.close();
        String expected = "{\"name\":\"A \\\"q\\\"\",\"age\":2,\"city\":\"Paris\",\"time\":1732,\"diff\":1}\n"
                + "{\"name\":\"b\",\"age\":3,\"city\":null,\"time\":1734,\"diff\":-1}\n";
        assertThat(Files.readString(file)).isEqualTo(expected);
        assertThat(length).isEqualTo(expected.length());
    }

    @Test
    void openAtACommittedLengthCutsOffWhatFollowedAndContinues() throws IOException {
        Path file = dir.resolve("people.jsonl");
        JsonLinesSink<Person> first = new JsonLinesSink<>(file);
        first.open(-1);
        first.write(1, changes(Person.of("a", 1), 1), Person_.SCHEMA);
        long committed = first.commit();
        first.write(2, changes(Person.of("lost", 1), 1), Person_.SCHEMA);
        first.close();

        JsonLinesSink<Person> second = new JsonLinesSink<>(file);
        second.open(committed);
        second.write(2, changes(Person.of("b", 2), 1), Person_.SCHEMA);
        assertThat(second.commit()).isEqualTo(Files.size(file));
        second.close();
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"name\":\"a\",\"age\":1,\"city\":null,\"time\":1,\"diff\":1}",
                "{\"name\":\"b\",\"age\":2,\"city\":null,\"time\":2,\"diff\":1}");
    }

    @Test
    void openAtALengthBeyondTheFileIsAnErrorNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("people.jsonl"), "{}\n");
        assertThatThrownBy(() -> new JsonLinesSink<Person>(file).open(50))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("changed outside Tideway");
    }

    @Test
    void writesManyChangesThroughTheBuffer() throws IOException {
        Path file = dir.resolve("many.jsonl");
        JsonLinesSink<Person> sink = new JsonLinesSink<>(file);
        sink.open(-1);
        Changes changes = new Changes();
        for (int i = 0; i < 20_000; i++) {
            changes.add(i, Person.of("p" + i, i), 1);
        }
        sink.write(1, changes.asBatch(), Person_.SCHEMA);
        long length = sink.commit();
        sink.close();
        assertThat(Files.size(file)).isEqualTo(length);
        assertThat(Files.readAllLines(file)).hasSize(20_000).last().asString().contains("\"p19999\"");
    }
}
