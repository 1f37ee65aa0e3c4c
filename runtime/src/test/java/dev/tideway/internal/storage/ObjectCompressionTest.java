package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compressed payloads of format 2: what codec each body gets, the round trip, and damage refused before allocation. */
class ObjectCompressionTest {
    private static byte[] repetitive(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) "kiwi fig pear apple ".charAt(i % 20);
        }
        return body;
    }

    @Test
    void aRepetitiveBodyIsStoredAsAZstandardFrameAndReadBack() {
        byte[] body = repetitive(100_000);
        byte[] payload = ObjectCompression.compress(body, 0, body.length);
        assertThat(payload[0]).as("codec").isEqualTo(ObjectCompression.ZSTD);
        assertThat(payload.length).isLessThan(body.length / 20);
        assertThat(ObjectCompression.decompress(payload, "rows/x", "mem")).isEqualTo(body);
    }

    @Test
    void aSliceIsCompressedNotTheWholeArray() {
        byte[] body = repetitive(10_000);
        byte[] payload = ObjectCompression.compress(body, 100, 5_000);
        assertThat(ObjectCompression.decompress(payload, "rows/x", "mem")).isEqualTo(Arrays.copyOfRange(body, 100, 5_100));
    }

    @Test
    void smallOrIncompressibleBodiesAreStoredAsTheyAre() {
        byte[] small = "kiwi".getBytes(StandardCharsets.UTF_8);
        byte[] payload = ObjectCompression.compress(small, 0, small.length);
        assertThat(payload).containsExactly(ObjectCompression.NONE, 4, 'k', 'i', 'w', 'i');

        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);
        byte[] stored = ObjectCompression.compress(noise, 0, noise.length);
        assertThat(stored[0]).isEqualTo(ObjectCompression.NONE);
        assertThat(ObjectCompression.decompress(stored, "rows/x", "mem")).isEqualTo(noise);
    }

    @Test
    void aFramedObjectIsTheHeaderAndOneFrameOfThePayload() {
        byte[] body = repetitive(5_000);
        byte[] object = FramedObject.write(ObjectFormat.UNIT_ROWS, body, 0, body.length);
        FrameScan scan = FramedObject.scan(ObjectFormat.UNIT_ROWS, object, "rows/x", "mem", false);
        assertThat(scan.isComplete()).isTrue();
        assertThat(scan.records()).hasSize(1);
        assertThat(scan.records().get(0)).isEqualTo(body);
        byte[] header = ObjectFormat.UNIT_ROWS.header();
        assertThat(Arrays.copyOf(object, header.length)).isEqualTo(header);
        assertThat(FrameReader.scan(object, header.length).records().get(0))
                .isEqualTo(ObjectCompression.compress(body, 0, body.length));
    }

    @Test
    void anUnknownCodecIsDamageNamingTheObject() {
        assertThatThrownBy(() -> ObjectCompression.decompress(new byte[] {7, 1, 0}, "rows/words/ab-1", "/state"))
                .isInstanceOf(DamagedObjectException.class)
                .hasMessageContaining("object rows/words/ab-1 in state location /state is damaged")
                .hasMessageContaining("codec 7 is unknown");
    }

    @Test
    void aLengthTheBodyDoesNotHaveIsRefusedBeforeAnythingOfThatSizeIsAllocated() {
        byte[] body = repetitive(1_000);
        byte[] payload = ObjectCompression.compress(body, 0, body.length);
        // the raw length claims 2^31 - 1 bytes: refused because the Zstandard frame declares 1,000
        byte[] lying = new byte[payload.length + 3];
        lying[0] = ObjectCompression.ZSTD;
        lying[1] = (byte) 0xff;
        lying[2] = (byte) 0xff;
        lying[3] = (byte) 0xff;
        lying[4] = (byte) 0xff;
        lying[5] = 0x07;
        int rawLengthBytes = 2;   // 1,000 as a varint: e8 07
        System.arraycopy(payload, 1 + rawLengthBytes, lying, 6, payload.length - 1 - rawLengthBytes);
        assertThatThrownBy(() -> ObjectCompression.decompress(Arrays.copyOf(lying, 6 + payload.length - 3), "snapshots/1/x", "mem"))
                .isInstanceOf(DamagedObjectException.class).hasMessageContaining("declares 2147483647 bytes, its Zstandard frame 1000");

        byte[] none = {ObjectCompression.NONE, 9, 1, 2};
        assertThatThrownBy(() -> ObjectCompression.decompress(none, "snapshots/1/x", "mem"))
                .isInstanceOf(DamagedObjectException.class).hasMessageContaining("declares 9 bytes but holds 2");
    }

    @Test
    void aCutZstandardFrameIsDamage() {
        byte[] body = repetitive(50_000);
        byte[] payload = ObjectCompression.compress(body, 0, body.length);
        assertThatThrownBy(() -> ObjectCompression.decompress(Arrays.copyOf(payload, payload.length - 5), "log/words/1", "mem"))
                .isInstanceOf(DamagedObjectException.class).hasMessageContaining("log/words/1");
        assertThatThrownBy(() -> ObjectCompression.decompress(new byte[0], "log/words/1", "mem"))
                .isInstanceOf(DamagedObjectException.class).hasMessageContaining("cannot be read");
    }
}
