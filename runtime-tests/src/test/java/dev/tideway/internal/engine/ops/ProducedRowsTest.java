package dev.tideway.internal.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.internal.engine.fixtures.OneText;
import dev.tideway.internal.engine.fixtures.OneText_;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state of a non-deterministic or asynchronous select ({@code docs/state-format.md},
 * {@code tideway-snapshot} format 2): without withheld rows it is byte for byte the layout of format
 * 1, so states of formats 0 and 1 read unchanged; withheld rows follow in a section of their own.
 */
class ProducedRowsTest {
    @SuppressWarnings("unchecked")
    private static final RowSchema<Object> SCHEMA = (RowSchema<Object>) (RowSchema<?>) OneText_.SCHEMA;

    /** The layout format 1 wrote: count, then per key the key, the count of values, and each fingerprint and row. */
    private static byte[] formatOne(long key, long fingerprint, OneText row) {
        BinaryWriter out = new BinaryWriter();
        out.writeLength(1);
        out.writeFixedLong(key);
        out.writeLength(1);
        out.writeFixedLong(fingerprint);
        SCHEMA.encode(row, out);
        return out.toByteArray();
    }

    private static byte[] written(ProducedRows rows) {
        BinaryWriter out = new BinaryWriter();
        rows.write(out, SCHEMA);
        return out.toByteArray();
    }

    @Test
    void withoutWithheldRowsTheLayoutIsFormatOnes() {
        ProducedRows rows = new ProducedRows();
        rows.add(7, 70, new OneText("kiwi"));
        assertThat(written(rows)).isEqualTo(formatOne(7, 70, new OneText("kiwi")));
    }

    @Test
    void aStateOfFormatOneReadsAsOneWithoutWithheldRows() {
        ProducedRows rows = new ProducedRows();
        BinaryReader in = new BinaryReader(formatOne(7, 70, new OneText("kiwi")));
        rows.read(in, SCHEMA);
        in.requireEnd();
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.take(7, 70, "test", "input")).isEqualTo(new OneText("kiwi"));
    }

    @Test
    void withheldRowsFollowInTheirOwnSectionAndReadBackAsWithheld() {
        ProducedRows rows = new ProducedRows();
        rows.add(7, 70, new OneText("kiwi"));
        rows.add(7, 71, ProducedRows.WITHHELD);     // a second input row of key 7, withheld
        rows.add(8, 80, ProducedRows.WITHHELD);     // a key with a withheld row only
        byte[] bytes = written(rows);

        BinaryReader section = new BinaryReader(bytes);
        ProducedRows read = new ProducedRows();
        read.read(section, SCHEMA);
        section.requireEnd();
        assertThat(bytes).as("the values as format 1 wrote them, then the withheld section")
                .startsWith(formatOne(7, 70, new OneText("kiwi")));
        int values = formatOne(7, 70, new OneText("kiwi")).length;
        BinaryReader tail = new BinaryReader(java.util.Arrays.copyOfRange(bytes, values, bytes.length));
        assertThat(tail.readLength(16)).isEqualTo(2);
        List<long[]> withheld = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            withheld.add(new long[] {tail.readFixedLong(), tail.readFixedLong()});
        }
        tail.requireEnd();
        assertThat(withheld).containsExactlyInAnyOrder(new long[] {7, 71}, new long[] {8, 80});

        assertThat(read.size()).isEqualTo(3);
        List<Object> reemitted = new ArrayList<>();
        read.forEachRow((key, row) -> reemitted.add(key + "=" + row));
        assertThat(reemitted).as("withheld rows are never emitted").containsExactly("7=OneText[text=kiwi]");
        assertThat(read.take(8, 80, "test", "input")).isSameAs(ProducedRows.WITHHELD);
        assertThat(read.take(7, 71, "test", "input")).isSameAs(ProducedRows.WITHHELD);
        assertThat(read.take(7, 70, "test", "input")).isEqualTo(new OneText("kiwi"));
        assertThat(read.size()).isZero();
        assertThat(written(read)).as("nothing held: an empty state").containsExactly(0);
    }

    @Test
    void theRetractionOfARowNeverProducedIsAnError() {
        ProducedRows rows = new ProducedRows();
        rows.add(7, 70, new OneText("kiwi"));
        assertThatThrownBy(() -> rows.take(7, 99, "select#3", "OneText[text=fig]")).isInstanceOf(IllegalStateException.class)
                .hasMessage("select#3: retraction of a row for which no value was produced, key 7: OneText[text=fig]");
    }
}
