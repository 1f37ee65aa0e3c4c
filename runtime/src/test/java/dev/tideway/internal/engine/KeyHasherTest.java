package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keys are persisted: the hash of given bytes must never change. */
class KeyHasherTest {
    @Test
    void hashesAsTheByteByByteDefinition() {
        Random random = new Random(11);
        for (int n = 0; n < 2000; n++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            int length = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            assertThat(KeyHasher.hash(bytes, length)).isEqualTo(reference(bytes, length));
        }
    }

    @Test
    void givesTheSameKeysAsEver() {
        assertThat(KeyHasher.hash(new byte[0], 0)).isEqualTo(reference(new byte[0], 0));
        assertThat(KeyHasher.hash("hello, world".getBytes(), 12)).isEqualTo(reference("hello, world".getBytes(), 12));
    }

    /** The definition: little-endian 8-byte words, multiply-mixed, then the tail. */
    private static long reference(byte[] b, int length) {
        long h = 0xa0761d6478bd642fL ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = 0;
            for (int k = 7; k >= 0; k--) {
                word = word << 8 | (b[i + k] & 0xFFL);
            }
            h = mix(h ^ word, 0xe7037ed1a0b428dbL);
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h = mix(h ^ tail, 0x8ebc6af09c88c6e3L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(long a, long b) {
        return Math.multiplyHigh(a, b) ^ a * b;
    }
}
