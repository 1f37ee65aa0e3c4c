package dev.tideway.engine.ops;

import dev.tideway.engine.RowEquality;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The difference between what an operator emitted for a key or group before a time and what it
 * emits now, as retractions and insertions: rows present in both are not emitted again.
 */
final class DiffEmitter {
    private DiffEmitter() {}

    /** A keyed output row. */
    record Out(long key, Object row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Out other && other.key == key && RowEquality.equal(other.row, row);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(key) * 31 + RowEquality.hash(row);
        }
    }

    interface Sink {
        void emit(long key, Object row, int diff);
    }

    static void emitDifference(List<Out> before, List<Out> after, Sink sink) {
        if (before.isEmpty()) {
            after.forEach(out -> sink.emit(out.key, out.row, 1));
            return;
        }
        Map<Out, int[]> counts = new HashMap<>();
        for (Out out : before) {
            counts.computeIfAbsent(out, o -> new int[1])[0]--;
        }
        for (Out out : after) {
            counts.computeIfAbsent(out, o -> new int[1])[0]++;
        }
        for (Out out : before) {
            int[] count = counts.get(out);
            if (count[0] < 0) {
                count[0]++;
                sink.emit(out.key, out.row, -1);
            }
        }
        for (Out out : after) {
            int[] count = counts.get(out);
            if (count[0] > 0) {
                count[0]--;
                sink.emit(out.key, out.row, 1);
            }
        }
    }
}
