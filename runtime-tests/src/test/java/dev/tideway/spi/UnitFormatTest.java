package dev.tideway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.InputException;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;
import dev.tideway.io.file.FileReadOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connector's way to parse the units it fetches itself: whole units, lines kept, bad rows by the policy. */
class UnitFormatTest {
    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvReadsAWholeUnitWithItsHeaderAndTheLineOfEachRow() throws IOException {
        UnitFormat<Person> csv = UnitFormat.csv(Person_.SCHEMA, CsvReadOptions.defaults());
        ParsedRows<Person> rows = csv.read(bytes("name,age,city\nAda,36,Paris\n\nBob,40,"), "gs://b/people.csv");
        assertThat(csv.kind()).isEqualTo("csv");
        assertThat(rows.rows()).containsExactly(Person.of("Ada", 36, "Paris"), Person.of("Bob", 40));
        assertThat(List.of(rows.line(0), rows.line(1))).containsExactly(2L, 4L);
    }

    @Test
    void jsonLinesReadsOneObjectALine() throws IOException {
        UnitFormat<Person> json = UnitFormat.jsonLines(Person_.SCHEMA, FileReadOptions.defaults());
        ParsedRows<Person> rows = json.read(bytes("{\"name\":\"Ada\",\"age\":36}\n{\"name\":\"Bob\",\"age\":40,\"city\":\"Oslo\"}\n"),
                "gs://b/people.jsonl");
        assertThat(json.kind()).isEqualTo("jsonlines");
        assertThat(rows.rows()).containsExactly(Person.of("Ada", 36), Person.of("Bob", 40, "Oslo"));
    }

    @Test
    void aBadRowStopsWithItsOriginLineAndColumnUnlessSkipped() throws IOException {
        String text = "name,age,city\nAda,x,Paris\nBob,40,Oslo\n";
        assertThatThrownBy(() -> UnitFormat.csv(Person_.SCHEMA, CsvReadOptions.defaults()).read(bytes(text), "gs://b/people.csv"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("file gs://b/people.csv, line 2, column 2 (age)");

        List<BadRow> skipped = new ArrayList<>();
        UnitFormat<Person> skipping = UnitFormat.csv(Person_.SCHEMA,
                CsvReadOptions.defaults().withBadRows(BadRowPolicy.SKIP).withBadRowConsumer(skipped::add));
        assertThat(skipping.read(bytes(text), "gs://b/people.csv").rows()).containsExactly(Person.of("Bob", 40, "Oslo"));
        assertThat(skipped).singleElement().satisfies(row -> assertThat(row.line()).isEqualTo(2));
        skipping.badRows().handle(new BadRow("gs://b/people.csv", 3, 0, "name", "Bob", "a duplicate key"));
        assertThat(skipped).hasSize(2);
    }

    @Test
    void aLineThatIsNotUtf8IsABadRow() {
        byte[] latin1 = "name,age,city\nJos\u00e9,3,Lima\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> UnitFormat.csv(Person_.SCHEMA, CsvReadOptions.defaults())
                .read(new ByteArrayInputStream(latin1), "gs://b/latin.csv"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("gs://b/latin.csv, line 2");
    }
}
