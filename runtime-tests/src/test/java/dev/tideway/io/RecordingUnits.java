package dev.tideway.io;

import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's side of the input SPI, for tests: holds the units a connector reported, as
 * {@code SourceNode} does, and records what the last poll replaced, removed and pushed.
 */
public final class RecordingUnits<T> implements KnownUnits, UnitChanges<T> {
    private final Map<String, byte[]> positions = new TreeMap<>();
    private final Map<String, List<T>> rows = new TreeMap<>();
    public final Map<String, List<T>> replaced = new LinkedHashMap<>();
    public final List<String> removed = new ArrayList<>();
    public final List<String> events = new ArrayList<>();
    /** The units the last poll reported as unchanged, with the new position. */
    public final Map<String, byte[]> unchanged = new LinkedHashMap<>();
    /** The lines of the rows the last poll replaced, by unit. */
    public final Map<String, List<Long>> lines = new LinkedHashMap<>();

    /** Polls the connector once, forgetting what the previous poll recorded. */
    public RecordingUnits<T> poll(InputConnector<T> connector) throws IOException {
        replaced.clear();
        removed.clear();
        events.clear();
        unchanged.clear();
        lines.clear();
        connector.poll(this, this);
        return this;
    }

    /** The rows held for each unit. */
    public Map<String, List<T>> rows() {
        return Collections.unmodifiableMap(rows);
    }

    @Override
    public Set<String> units() {
        return Collections.unmodifiableSet(positions.keySet());
    }

    @Override
    public byte[] position(String unit) {
        return positions.get(unit);
    }

    @Override
    public void replace(String unit, byte[] position, List<T> unitRows) {
        positions.put(unit, position);
        rows.put(unit, List.copyOf(unitRows));
        replaced.put(unit, List.copyOf(unitRows));
    }

    @Override
    public void replace(String unit, byte[] position, List<T> unitRows, java.util.function.IntToLongFunction lineOfRow) {
        replace(unit, position, unitRows);
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < unitRows.size(); i++) {
            numbers.add(lineOfRow.applyAsLong(i));
        }
        lines.put(unit, numbers);
    }

    @Override
    public void unchanged(String unit, byte[] position) {
        positions.put(unit, position);
        unchanged.put(unit, position);
    }

    /** The position held for a unit. */
    public byte[] heldPosition(String unit) {
        return positions.get(unit);
    }

    @Override
    public void remove(String unit) {
        positions.remove(unit);
        rows.remove(unit);
        removed.add(unit);
    }

    @Override
    public void event(T row, int diff) {
        events.add((diff > 0 ? "+" : "-") + row);
    }
}
