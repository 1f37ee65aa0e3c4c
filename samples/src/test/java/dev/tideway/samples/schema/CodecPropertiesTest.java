package dev.tideway.samples.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.schema.CodecException;
import dev.tideway.schema.RowSchema;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The generated codec, CSV and JSON mappings of a row of every type, on random and extreme rows. */
class CodecPropertiesTest {
    private static final RowSchema<AllTypes> SCHEMA = AllTypes_.SCHEMA;

    @Provide
    Arbitrary<AllTypes> rows() {
        return AllTypesArbitraries.rows();
    }

    @Property(tries = 500)
    void binaryRoundTripGivesTheSameRow(@ForAll("rows") AllTypes row) {
        byte[] bytes = Rows.encode(SCHEMA, row);
        AllTypes decoded = Rows.decode(SCHEMA, bytes);
        // Float.equals and Double.equals: NaN equals NaN, and 0.0 differs from -0.0, as the bits do.
        assertThat(decoded).usingRecursiveComparison()
                .withEqualsForType(Float::equals, Float.class)
                .withEqualsForType(Double::equals, Double.class)
                .isEqualTo(row);
        assertThat(Rows.encode(SCHEMA, decoded)).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void csvCellsRoundTrip(@ForAll("rows") AllTypes row) {
        List<String> header = SCHEMA.fields().stream().map(f -> f.externalName()).toList();
        AllTypes read = Rows.fromCsv(SCHEMA, header, Rows.toCells(SCHEMA, row));
        assertThat(Rows.encode(SCHEMA, read)).isEqualTo(Rows.encode(SCHEMA, row));
    }

    @Property(tries = 300)
    void jsonRoundTrip(@ForAll("rows") AllTypes row) {
        AllTypes read = Rows.fromJson(SCHEMA, Rows.toJson(SCHEMA, row));
        assertThat(Rows.encode(SCHEMA, read)).isEqualTo(Rows.encode(SCHEMA, row));
    }

    @Property(tries = 100)
    void everyTruncationIsRejectedWithACodecException(@ForAll("rows") AllTypes row) {
        byte[] bytes = Rows.encode(SCHEMA, row);
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Rows.decode(SCHEMA, prefix)).isInstanceOf(CodecException.class);
        }
    }

    @Property(tries = 1000)
    void aCorruptByteDecodesOrFailsWithACodecException(@ForAll("rows") AllTypes row,
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value) {
        byte[] bytes = Rows.encode(SCHEMA, row);
        bytes[position % bytes.length] = value;
        decodeOrCodecException(bytes);
    }

    @Property(tries = 2000)
    void randomBytesDecodeOrFailWithACodecException(@ForAll @Size(max = 200) byte[] bytes) {
        decodeOrCodecException(bytes);
    }

    @Property(tries = 200)
    void hugeLengthsAreRefusedBeforeAllocating(@ForAll("rows") AllTypes row) {
        // The text's length prefix claims 2^31-1 bytes: decoding must fail at once, not allocate.
        byte[] bytes = Rows.encode(SCHEMA, row);
        byte[] corrupt = new byte[bytes.length + 4];
        corrupt[0] = (byte) 0xff;
        corrupt[1] = (byte) 0xff;
        corrupt[2] = (byte) 0xff;
        corrupt[3] = (byte) 0xff;
        corrupt[4] = (byte) 0x07;
        System.arraycopy(bytes, 1, corrupt, 5, bytes.length - 1);
        assertThatThrownBy(() -> Rows.decode(SCHEMA, corrupt)).isInstanceOf(CodecException.class)
                .hasMessageContaining("length 2147483647");
    }

    private static void decodeOrCodecException(byte[] bytes) {
        try {
            Rows.decode(SCHEMA, bytes);
        } catch (CodecException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
