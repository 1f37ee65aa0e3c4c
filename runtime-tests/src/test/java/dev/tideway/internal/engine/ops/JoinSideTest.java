package dev.tideway.internal.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A join bucket's side: after every operation of a random run, the same rows and keys in the same order as a list of pairs. */
class JoinSideTest {
    private record Held(long key, Object row) {}

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomAddsAndRemovesAcrossChunksKeepTheOrderOfAList(long seed) {
        Random random = new Random(seed);
        List<Held> expected = new ArrayList<>();
        JoinSide side = new JoinSide();
        for (int step = 0; step < 20_000; step++) {
            // mostly adds at first, then mostly removes, so the side crosses chunk boundaries both ways
            boolean add = expected.isEmpty() || random.nextInt(100) < (step < 12_000 ? 80 : 30);
            if (add) {
                long key = random.nextLong();
                expected.add(new Held(key, "row" + step));
                side.add(key, "row" + step);
            } else {
                int index = random.nextInt(3) == 0 ? expected.size() - 1 : random.nextInt(expected.size());
                expected.remove(index);
                side.remove(index);
            }
            if (step % 997 == 0 || expected.size() % JoinSide.CHUNK == 0) {
                assertThat(contents(side)).isEqualTo(expected);
            }
        }
        assertThat(contents(side)).isEqualTo(expected);
        while (!expected.isEmpty()) {
            expected.remove(0);
            side.remove(0);
        }
        assertThat(side.isEmpty()).isTrue();
        side.add(7, "seven");
        assertThat(contents(side)).containsExactly(new Held(7, "seven"));
    }

    @Test
    void indexesOutsideTheSideAreRefused() {
        JoinSide side = new JoinSide();
        side.add(1, "a");
        assertThatThrownBy(() -> side.row(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> side.key(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> side.remove(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static List<Held> contents(JoinSide side) {
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < side.size(); i++) {
            held.add(new Held(side.key(i), side.row(i)));
        }
        return held;
    }
}
