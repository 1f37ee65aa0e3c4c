package dev.tideway.benchmarks.engine;

import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.time.Duration;
import java.util.List;

/**
 * A streaming input that, at every poll, reports the next batch of rows: as a new unit (the engine
 * sees the insertion of a batch, as when a new file appears), or as the new content of one unit (the
 * engine sees the retraction of the previous batch and the insertion of this one, as when a file is
 * rewritten), alternating between batches.
 */
public final class BatchInput<T> implements InputConnector<T> {
    private final RowSchema<T> schema;
    private final String name;
    private final boolean replaceOneUnit;
    private List<List<T>> batches = List.of();
    private long polls;

    public BatchInput(RowSchema<T> schema, String name, boolean replaceOneUnit) {
        this.schema = schema;
        this.name = name;
        this.replaceOneUnit = replaceOneUnit;
    }

    /** The batches that polls report, in turn; none to report nothing. */
    @SafeVarargs
    public final void batches(List<T>... rows) {
        List<List<T>> copy = new java.util.ArrayList<>(rows.length);
        for (List<T> batch : rows) {
            copy.add(batch);
        }
        this.batches = List.copyOf(copy);
    }

    @Override
    public RowSchema<T> schema() {
        return schema;
    }

    @Override
    public String location() {
        return "bench:" + name;
    }

    @Override
    public String kind() {
        return "bench";
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
    public void poll(KnownUnits known, UnitChanges<T> changes) {
        if (!batches.isEmpty()) {
            List<T> rows = batches.get((int) (polls % batches.size()));
            changes.replace(replaceOneUnit ? "batch" : "batch-" + polls, new byte[0], rows);
            polls++;
        }
    }
}
