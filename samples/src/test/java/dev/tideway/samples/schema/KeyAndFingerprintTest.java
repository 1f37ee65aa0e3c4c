package dev.tideway.samples.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Primary keys derived from key components only, and schema fingerprints. */
class KeyAndFingerprintTest {
    @Property
    void theKeyDependsOnTheKeyComponentsOnly(@ForAll String bank, @ForAll long number, @ForAll long a, @ForAll long b) {
        byte[] key = Rows.key(Account_.SCHEMA, new Account(bank, number, a));
        assertThat(Rows.key(Account_.SCHEMA, new Account(bank, number, b))).isEqualTo(key);
        assertThat(Rows.key(Account_.SCHEMA, new Account(bank, number, a))).isEqualTo(key);
        assertThat(Rows.key(Account_.SCHEMA, new Account(bank, number + 1, a))).isNotEqualTo(key);
    }

    @Test
    void keyBytesAreStable() {
        // The key is persisted: these bytes must not change between releases.
        assertThat(Rows.key(Account_.SCHEMA, new Account("ab", 3, 100))).containsExactly(2, 'a', 'b', 6);
    }

    @Test
    void aSchemaWithoutPrimaryKeyHasNoKey() {
        assertThat(Account_.SCHEMA.hasPrimaryKey()).isTrue();
        assertThat(AllTypes_Point_.SCHEMA.hasPrimaryKey()).isFalse();
        assertThatThrownBy(() -> Rows.key(AllTypes_Point_.SCHEMA, AllTypesSamples.typical().where()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fingerprintsAreEqualForSchemasThatEncodeAlike() {
        assertThat(Versions_CountV1_.SCHEMA.description()).isEqualTo("word string, count long");
        assertThat(Versions_CountCopy_.SCHEMA.fingerprint()).isEqualTo(Versions_CountV1_.SCHEMA.fingerprint());
        assertThat(Versions_CountRenamed_.SCHEMA.fingerprint()).isEqualTo(Versions_CountV1_.SCHEMA.fingerprint());
    }

    @Test
    void fingerprintsDifferWhenATypeOrAFieldChanges() {
        assertThat(Versions_CountIntV2_.SCHEMA.fingerprint()).isNotEqualTo(Versions_CountV1_.SCHEMA.fingerprint());
        assertThat(Versions_CountV3_.SCHEMA.fingerprint()).isNotEqualTo(Versions_CountV1_.SCHEMA.fingerprint());
        assertThat(Account_.SCHEMA.description()).isEqualTo("bank string key, account_number long key, balance long");
    }

    @Test
    void theFingerprintIsStableAcrossRuns() {
        // FNV-1a of "word string, count long": persisted state is matched by it.
        assertThat(Versions_CountV1_.SCHEMA.fingerprint()).isEqualTo(fnv1a("word string, count long"));
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
