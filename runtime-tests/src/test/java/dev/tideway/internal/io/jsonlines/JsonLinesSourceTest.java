package dev.tideway.internal.io.jsonlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.InputException;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.RecordingUnits;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSourceTest {
    @TempDir
    Path dir;

    private final RecordingUnits<Person> units = new RecordingUnits<>();

    private JsonLinesSource<Person> source(FileReadOptions options) {
        return new JsonLinesSource<>(dir, Person_.SCHEMA, options);
    }

    @Test
    void readsOneObjectPerLineSkippingBlankLinesAndUnknownFields() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"),
                "{\"name\":\"Ada\",\"age\":36,\"city\":\"Paris\",\"extra\":{\"x\":[1,2]}}\n\n  \n{\"age\":40,\"name\":\"Bob\"}\n");
        JsonLinesSource<Person> source = source(FileReadOptions.defaults());
        assertThat(source.location()).isEqualTo("jsonlines:" + dir.toAbsolutePath());
        units.poll(source);
        assertThat(units.replaced.get("a.jsonl")).containsExactly(Person.of("Ada", 36, "Paris"), Person.of("Bob", 40));
    }

    @Test
    void reportsNewModifiedAndDeletedFiles() throws IOException {
        JsonLinesSource<Person> source = source(FileReadOptions.defaults());
        Files.writeString(dir.resolve("a.jsonl"), "{\"name\":\"Ada\",\"age\":36}\n");
        units.poll(source);
        assertThat(units.replaced).containsOnlyKeys("a.jsonl");
        Files.writeString(dir.resolve("a.jsonl"), "{\"name\":\"Ada\",\"age\":36}\n{\"name\":\"Bob\",\"age\":40}\n");
        units.poll(source);
        assertThat(units.replaced.get("a.jsonl")).hasSize(2);
        Files.delete(dir.resolve("a.jsonl"));
        units.poll(source);
        assertThat(units.removed).containsExactly("a.jsonl");
    }

    @Test
    void invalidJsonNamesFileLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"name\":\"Ada\",\"age\":36}\n{\"name\":\"Bob\",\"age\":}\n");
        assertThatThrownBy(() -> units.poll(source(FileReadOptions.defaults())))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line 2, column 21 (age): invalid JSON: Unexpected character ('}'")
                .hasMessageContaining("value \"{\"name\":\"Bob\",\"age\":}\"");
    }

    @Test
    void aBadFieldNamesFileLineColumnAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"name\":\"Bob\",\"age\":\"forty\"}\n");
        assertThatThrownBy(() -> units.poll(source(FileReadOptions.defaults())))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("file " + file + ", line 1, column 21 (age): field \"age\": expected an integer, found the string \"forty\"");
    }

    @Test
    void aMissingRequiredFieldIsABadRow() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), "{\"name\":\"Bob\"}\n");
        assertThatThrownBy(() -> units.poll(source(FileReadOptions.defaults())))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("missing required field \"age\"");
    }

    @Test
    void skipsBadLinesWhenAskedCountingAndReportingEach() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), String.join("\n",
                "{\"name\":\"Ada\",\"age\":36}",
                "[1,2]",
                "{\"name\":\"Bob\",\"age\":40} {}",
                "{\"name\":",
                "{\"name\":\"Cy\",\"age\":7}"));
        List<BadRow> reported = new ArrayList<>();
        // static: the last line has no line break, which a streaming read would wait for
        FileReadOptions options = FileReadOptions.defaults().withStreaming(false).withBadRows(BadRowPolicy.SKIP)
                .withBadRowConsumer(reported::add);
        units.poll(source(options));
        assertThat(units.replaced.get("a.jsonl")).containsExactly(Person.of("Ada", 36), Person.of("Cy", 7));
        assertThat(options.skippedRows()).isEqualTo(3);
        assertThat(reported).extracting(BadRow::line).containsExactly(2L, 3L, 4L);
        assertThat(reported.get(0).problem()).contains("expected a JSON object");
        assertThat(reported.get(1).problem()).contains("after the JSON object");
        assertThat(reported.get(2).problem()).startsWith("invalid JSON");
    }
}
