package dev.tideway.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Strings are written as a varint byte length and UTF-8, whichever path the writer takes. */
class BinaryWriterStringTest {
    @Test
    void writesLengthAndUtf8() {
        for (String s : new String[] {"", "a", "word", "x".repeat(127), "x".repeat(128), "y".repeat(300), "café",
                "a".repeat(126) + "é", "日本語", "\u0000\u007f"}) {
            BinaryWriter fast = new BinaryWriter();
            fast.writeString(s);
            BinaryWriter reference = new BinaryWriter();
            reference.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            assertThat(fast.toByteArray()).as(s).isEqualTo(reference.toByteArray());
            assertThat(new BinaryReader(fast.toByteArray()).readString()).isEqualTo(s);
        }
    }
}
