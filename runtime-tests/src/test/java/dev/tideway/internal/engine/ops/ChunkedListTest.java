package dev.tideway.internal.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The join's side list: after every operation of a random run, the same elements in the same order as an ArrayList. */
class ChunkedListTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomAddsAndRemovesAcrossChunksKeepTheOrderOfAnArrayList(long seed) {
        Random random = new Random(seed);
        List<Integer> expected = new ArrayList<>();
        ChunkedList<Integer> list = new ChunkedList<>();
        for (int step = 0; step < 20_000; step++) {
            // mostly adds at first, then mostly removes, so the list crosses chunk boundaries both ways
            boolean add = expected.isEmpty() || random.nextInt(100) < (step < 12_000 ? 80 : 30);
            if (add) {
                expected.add(step);
                list.add(step);
            } else {
                int index = random.nextInt(3) == 0 ? expected.size() - 1 : random.nextInt(expected.size());
                assertThat(list.remove(index)).isEqualTo(expected.remove(index));
            }
            if (step % 997 == 0 || expected.size() % ChunkedList.CHUNK == 0) {
                assertThat(list).containsExactlyElementsOf(expected);
            }
        }
        assertThat(list).hasSize(expected.size()).containsExactlyElementsOf(expected);
        while (!expected.isEmpty()) {
            assertThat(list.remove(0)).isEqualTo(expected.remove(0));
        }
        assertThat(list).isEmpty();
        list.add(7);
        assertThat(list).containsExactly(7);
    }

    @Test
    void indexesOutsideTheListAndChangesWhileIteratingAreRefused() {
        ChunkedList<String> list = new ChunkedList<>();
        list.add("a");
        assertThatThrownBy(() -> list.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.remove(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> {
            for (String s : list) {
                list.add(s);
            }
        }).isInstanceOf(ConcurrentModificationException.class);
    }
}
