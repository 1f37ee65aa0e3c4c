package dev.tideway.testing;

import dev.tideway.spi.ChangeBatch;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.spi.OutputConnector;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of a table captured by a {@link PipelineTester}: every change, and the rows the table
 * holds now (the changes consolidated).
 *
 * @param <T> the row type
 */
public final class Captured<T> implements OutputConnector<T> {
    private final List<Change<T>> changes = new ArrayList<>();
    private final Map<Long, List<T>> live = new LinkedHashMap<>();
    private boolean ended;

    @Override
    public String name() {
        return "captured";
    }

    @Override
    public void open(long committedPosition) {}

    @Override
    public void write(long time, ChangeBatch<T> batch, RowSchema<T> schema) {
        for (int i = 0; i < batch.size(); i++) {
            T row = batch.row(i);
            long key = batch.key(i);
            int diff = batch.diff(i);
            changes.add(new Change<>(key, row, time, diff));
            List<T> rows = live.computeIfAbsent(key, k -> new ArrayList<>());
            if (diff > 0) {
                rows.add(row);
            } else {
                boolean removed = false;
                for (int r = 0; r < rows.size() && !removed; r++) {
                    if (RowEquality.equal(rows.get(r), row)) {
                        rows.remove(r);
                        removed = true;
                    }
                }
                if (!removed) {
                    throw new AssertionError("retraction of a row the output does not hold: " + row + " at time " + time);
                }
                if (rows.isEmpty()) {
                    live.remove(key);
                }
            }
        }
    }

    @Override
    public long commit() {
        return -1;
    }

    @Override
    public void close() {
        ended = true;
    }

    /** Every change so far, in order. */
    public List<Change<T>> changes() {
        return Collections.unmodifiableList(changes);
    }

    /** The changes made at one logical time. */
    public List<Change<T>> changesAt(long time) {
        return changes.stream().filter(c -> c.time() == time).toList();
    }

    /** The rows the table holds now. */
    public List<T> rows() {
        List<T> rows = new ArrayList<>();
        live.values().forEach(rows::addAll);
        return rows;
    }

    /** The rows the table holds now, by key. */
    public Map<Long, List<T>> rowsByKey() {
        return Collections.unmodifiableMap(live);
    }

    /** Whether the run that fed this capture has ended. */
    public boolean ended() {
        return ended;
    }
}
