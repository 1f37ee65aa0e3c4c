package dev.tideway.samples.persistence;

import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.OutputConnector;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes one run delivers to a sink, as "+ row" and "- row". Unlike {@code Captured}, it holds
 * no rows, so a run continuing persisted state may retract rows that an earlier run inserted.
 */
final class ChangeList<T> implements OutputConnector<T> {
    private final String name;
    private final List<String> changes = new ArrayList<>();

    ChangeList(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return "changes:" + name;
    }

    @Override
    public void open(long committedPosition) {}

    @Override
    public void write(long time, ChangeBatch<T> batch, RowSchema<T> schema) {
        for (int i = 0; i < batch.size(); i++) {
            changes.add((batch.diff(i) > 0 ? "+ " : "- ") + batch.row(i));
        }
    }

    @Override
    public long commit() {
        return -1;
    }

    @Override
    public void close() {}

    List<String> changes() {
        return changes;
    }
}
