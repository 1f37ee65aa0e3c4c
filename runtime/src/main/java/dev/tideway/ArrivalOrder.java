package dev.tideway;

import dev.tideway.internal.engine.RowEquality;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of the row that arrived first (earliest) or last (latest) among the rows a group holds:
 * arrival is the order in which the rows reached the group-by, not an event time. State: the rows
 * held, in arrival order, as (row key, value). A retraction removes the most recent arrival of its
 * own row (same key and value), not merely of an equal value: removing another row's arrival would
 * change which row is earliest.
 *
 * @param <V> the type of the values
 */
final class ArrivalOrder<V> implements RetractingAggregator<KeyedValue<V>, List<KeyedValue<V>>, V> {
    private final boolean latest;
    private final StateCodec<List<KeyedValue<V>>> codec;

    ArrivalOrder(ValueType<V> type, boolean latest) {
        this.latest = latest;
        // the format the group-by snapshots have always used for earliest and latest
        this.codec = StateCodec.of((out, arrivals) -> {
            out.writeLength(arrivals.size());
            for (KeyedValue<V> arrival : arrivals) {
                out.writeFixedLong(arrival.rowKey());
                out.writeBoolean(arrival.value() != null);
                if (arrival.value() != null) {
                    type.write(out, arrival.value());
                }
            }
        }, in -> {
            int size = in.readLength(9);
            List<KeyedValue<V>> arrivals = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long key = in.readFixedLong();
                arrivals.add(new KeyedValue<>(key, in.readBoolean() ? type.read(in) : null));
            }
            return arrivals;
        });
    }

    @Override public List<KeyedValue<V>> create() { return new ArrayList<>(); }

    @Override public List<KeyedValue<V>> add(List<KeyedValue<V>> arrivals, KeyedValue<V> value) {
        arrivals.add(value);
        return arrivals;
    }

    @Override public List<KeyedValue<V>> retract(List<KeyedValue<V>> arrivals, KeyedValue<V> value) {
        for (int i = arrivals.size() - 1; i >= 0; i--) {
            KeyedValue<V> arrival = arrivals.get(i);
            if (arrival.rowKey() == value.rowKey() && RowEquality.equal(arrival.value(), value.value())) {
                arrivals.remove(i);
                break;
            }
        }
        return arrivals;
    }

    @Override public V result(List<KeyedValue<V>> arrivals) {
        if (arrivals.isEmpty()) {
            return null;
        }
        return (latest ? arrivals.get(arrivals.size() - 1) : arrivals.get(0)).value();
    }

    @Override public StateCodec<List<KeyedValue<V>>> stateCodec() { return codec; }
}
