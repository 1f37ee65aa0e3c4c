package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.schema.BinaryWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    private static final List<String> RECORDS = List.of("first", "", "third record, a little longer");

    private static byte[] framed(List<String> records) {
        BinaryWriter out = new BinaryWriter();
        for (String record : records) {
            Frames.write(out, record.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static List<String> texts(FrameScan scan) {
        return scan.records().stream().map(r -> new String(r, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void completeFramesRoundTrip() {
        byte[] data = framed(RECORDS);
        FrameScan scan = FrameReader.scan(data);
        assertThat(texts(scan)).isEqualTo(RECORDS);
        assertThat(scan.isComplete()).isTrue();
        assertThat(scan.validLength()).isEqualTo(data.length);
        assertThat(scan.cutBytes()).isZero();
    }

    @Test
    void nothingIsNothing() {
        FrameScan scan = FrameReader.scan(new byte[0]);
        assertThat(scan.records()).isEmpty();
        assertThat(scan.isComplete()).isTrue();
    }

    @Test
    void aTornLastFrameIsCutAtEveryByteOffset() {
        byte[] data = framed(RECORDS);
        int lastStart = framed(RECORDS.subList(0, 2)).length;
        for (int end = lastStart; end < data.length; end++) {
            FrameScan scan = FrameReader.scan(Arrays.copyOf(data, end));
            assertThat(texts(scan)).as("cut at %d", end).isEqualTo(RECORDS.subList(0, 2));
            assertThat(scan.validLength()).isEqualTo(lastStart);
            assertThat(scan.isComplete()).as("cut at %d", end).isEqualTo(end == lastStart);
            assertThat(scan.cutBytes()).isEqualTo(end - lastStart);
        }
    }

    @Test
    void aFlippedBitAnywhereIsDetectedAndNeverReturnedAsData() {
        byte[] data = framed(RECORDS);
        for (int i = 0; i < data.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = data.clone();
                damaged[i] ^= (byte) (1 << bit);
                FrameScan scan = FrameReader.scan(damaged);
                assertThat(scan.isComplete()).as("byte %d bit %d", i, bit).isFalse();
                List<String> good = texts(scan);
                assertThat(good).as("byte %d bit %d", i, bit).isEqualTo(RECORDS.subList(0, good.size()));
                assertThat(scan.validLength()).isLessThanOrEqualTo(i);
            }
        }
    }

    @Test
    void zeroedBytesAreNotEmptyRecords() {
        FrameScan scan = FrameReader.scan(new byte[64]);
        assertThat(scan.records()).isEmpty();
        assertThat(scan.cutReason()).hasValueSatisfying(reason -> assertThat(reason).contains("checksum"));
    }

    @Test
    void aHugeLengthIsReportedWithoutAllocating() {
        byte[] data = new byte[16];
        Arrays.fill(data, 0, 4, (byte) 0xFF); // length 4 GiB - 1
        FrameScan scan = FrameReader.scan(data);
        assertThat(scan.records()).isEmpty();
        assertThat(scan.cutReason()).hasValueSatisfying(reason -> assertThat(reason).contains("4294967295").contains("past the end"));
    }
}
