package dev.tideway.internal.engine.workers;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * A worker's share of a source, which gives the worker a safe point before each unit it reports:
 * the source has delivered the unit before, so no node is in the middle of a push, and the worker can
 * take in what other workers sent it and wait for those it sends to (backpressure), between units.
 *
 * @param <T> the row type
 */
final class SafePointConnector<T> implements InputConnector<T> {
    private final InputConnector<T> share;
    private final Worker worker;

    SafePointConnector(InputConnector<T> share, Worker worker) {
        this.share = share;
        this.worker = worker;
    }

    @Override
    public dev.tideway.schema.RowSchema<T> schema() {
        return share.schema();
    }

    @Override
    public String location() {
        return share.location();
    }

    @Override
    public String kind() {
        return share.kind();
    }

    @Override
    public boolean streaming() {
        return share.streaming();
    }

    @Override
    public Duration pollInterval() {
        return share.pollInterval();
    }

    @Override
    public DuplicateKeyPolicy duplicateKeys() {
        return share.duplicateKeys();
    }

    @Override
    public String origin(String unit) {
        return share.origin(unit);
    }

    @Override
    public void rejectRow(String unit, long line, String field, String value, String problem) {
        share.rejectRow(unit, line, field, value, problem);
    }

    @Override
    public long skippedRows() {
        return share.skippedRows();
    }

    @Override
    public void poll(KnownUnits known, UnitChanges<T> changes) throws IOException {
        share.poll(known, new UnitChanges<>() {
            @Override
            public void replace(String unit, byte[] position, List<T> rows) {
                worker.safePoint();
                changes.replace(unit, position, rows);
            }

            @Override
            public void replace(String unit, byte[] position, List<T> rows, IntToLongFunction lineOfRow) {
                worker.safePoint();
                changes.replace(unit, position, rows, lineOfRow);
            }

            @Override
            public void unchanged(String unit, byte[] position) {
                changes.unchanged(unit, position);
            }

            @Override
            public void remove(String unit) {
                worker.safePoint();
                changes.remove(unit);
            }

            @Override
            public void pending(int units, long bytes) {
                changes.pending(units, bytes);
            }

            @Override
            public void read(long bytes) {
                changes.read(bytes);
            }

            @Override
            public void event(T row, int diff) {
                changes.event(row, diff);
            }

            @Override
            public void upsert(byte[] key, T row) {
                changes.upsert(key, row);
            }

            @Override
            public void offsets(byte[] offsets) {
                changes.offsets(offsets);
            }
        });
    }

    @Override
    public String toString() {
        return share.toString();
    }
}
