package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.spi.ChangeBatch;
import org.junit.jupiter.api.Test;

/** What a sink reads: the engine's changes, typed, in place, with their bounds checked. */
class ChangeBatchViewTest {
    @Test
    void aSinkReadsKeysRowsAndDiffsInOrder() {
        Changes changes = new Changes();
        changes.add(7, "apple", 1);
        changes.add(9, "kiwi", -1);
        ChangeBatch<String> batch = changes.asBatch();
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.row(0)).isEqualTo("apple");
        assertThat(batch.key(1)).isEqualTo(9);
        assertThat(batch.diff(1)).isEqualTo(-1);
    }

    @Test
    void anIndexPastTheChangesIsRefusedEvenWhereTheArraysHaveRoom() {
        Changes changes = new Changes(16);
        changes.add(1, "a", 1);
        ChangeBatch<String> batch = changes.asBatch();
        assertThatThrownBy(() -> batch.row(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> batch.key(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        changes.clear();
        assertThat(batch.isEmpty()).isTrue();
        assertThatThrownBy(() -> batch.diff(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
