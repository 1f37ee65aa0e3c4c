package dev.tideway.internal.engine;

import dev.tideway.RetractingAggregator;
import dev.tideway.StateCodec;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The median of a group's numbers, a user-defined reducer as the README shows it: the state is the
 * multiset of values (value to count), which takes a retracted value back out, and is written into
 * snapshots by its codec. An even count gives the mean of the two middle values; nulls are skipped.
 */
final class Median implements RetractingAggregator<Double, TreeMap<Double, Integer>, Double> {
    private static final StateCodec<TreeMap<Double, Integer>> CODEC = StateCodec.of((out, state) -> {
        out.writeLength(state.size());
        state.forEach((value, count) -> {
            out.writeDouble(value);
            out.writeLength(count);
        });
    }, in -> {
        TreeMap<Double, Integer> state = new TreeMap<>();
        for (int n = in.readLength(9); n > 0; n--) {
            state.put(in.readDouble(), in.readLength(0));
        }
        return state;
    });

    @Override
    public TreeMap<Double, Integer> create() {
        return new TreeMap<>();
    }

    @Override
    public TreeMap<Double, Integer> add(TreeMap<Double, Integer> state, Double value) {
        if (value != null) {
            state.merge(value, 1, Integer::sum);
        }
        return state;
    }

    @Override
    public TreeMap<Double, Integer> retract(TreeMap<Double, Integer> state, Double value) {
        if (value != null) {
            state.computeIfPresent(value, (v, count) -> count == 1 ? null : count - 1);
        }
        return state;
    }

    @Override
    public Double result(TreeMap<Double, Integer> state) {
        int size = state.values().stream().mapToInt(Integer::intValue).sum();
        if (size == 0) {
            return null;
        }
        Iterator<Map.Entry<Double, Integer>> entries = state.entrySet().iterator();
        int seen = 0;
        Double lower = null;
        while (entries.hasNext()) {
            Map.Entry<Double, Integer> entry = entries.next();
            seen += entry.getValue();
            if (lower == null && seen >= (size + 1) / 2) {
                lower = entry.getKey();
            }
            if (seen >= size / 2 + 1) {
                return size % 2 == 1 ? lower : (lower + entry.getKey()) / 2;
            }
        }
        throw new IllegalStateException("unreachable: the counts sum to " + size);
    }

    @Override
    public StateCodec<TreeMap<Double, Integer>> stateCodec() {
        return CODEC;
    }
}
