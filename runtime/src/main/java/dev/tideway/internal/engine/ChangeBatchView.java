package dev.tideway.internal.engine;

import dev.tideway.spi.ChangeBatch;
import java.util.Objects;

/**
 * A sink's read-only, typed view of the engine's {@link Changes}: what {@code OutputConnector.write}
 * receives. It reads the engine's arrays in place, so it is valid only until they are cleared.
 *
 * @param <T> the row type of the changes
 */
final class ChangeBatchView<T> implements ChangeBatch<T> {
    private final Changes changes;

    ChangeBatchView(Changes changes) {
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    @Override
    public int size() {
        return changes.size();
    }

    @Override
    public long key(int index) {
        return changes.key(Objects.checkIndex(index, changes.size()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T row(int index) {
        return (T) changes.row(Objects.checkIndex(index, changes.size()));
    }

    @Override
    public int diff(int index) {
        return changes.diff(Objects.checkIndex(index, changes.size()));
    }
}
