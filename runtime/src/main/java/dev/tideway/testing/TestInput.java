package dev.tideway.testing;

import dev.tideway.Table;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An input of a {@link PipelineTester}: rows inserted and deleted by the test, applied at the next
 * {@link PipelineTester#step()}.
 *
 * @param <T> the row type
 */
public final class TestInput<T> implements InputConnector<T> {
    private final RowSchema<T> schema;
    private final String name;
    private final List<Object[]> pending = new ArrayList<>();
    private Table<T> table;

    TestInput(RowSchema<T> schema, String name) {
        this.schema = schema;
        this.name = name;
    }

    void bind(Table<T> value) {
        this.table = value;
    }

    /** The table fed by this input. */
    public Table<T> table() {
        return table;
    }

    /** Inserts rows at the next step. Rows without a primary key are keyed by their content. */
    @SafeVarargs
    public final TestInput<T> insert(T... rows) {
        for (T row : rows) {
            pending.add(new Object[] {row, 1});
        }
        return this;
    }

    /** Deletes rows inserted before, at the next step. */
    @SafeVarargs
    public final TestInput<T> delete(T... rows) {
        for (T row : rows) {
            pending.add(new Object[] {row, -1});
        }
        return this;
    }

    @Override
    public RowSchema<T> schema() {
        return schema;
    }

    @Override
    public String location() {
        return "test:" + name;
    }

    @Override
    public String kind() {
        return "test";
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public Duration pollInterval() {
        return Duration.ZERO;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void poll(KnownUnits known, UnitChanges<T> changes) {
        for (Object[] change : pending) {
            changes.event((T) change[0], (Integer) change[1]);
        }
        pending.clear();
    }
}
