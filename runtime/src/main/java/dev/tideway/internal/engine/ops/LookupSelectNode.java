package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Lookups;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.Expr;
import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A select whose projection reads rows of other tables by key ({@code ix}, {@code ixRef}). Its first
 * input is the table selected from, the others the tables looked up. It keeps the live rows of all
 * of them by key, and for every selected row the keys it looked up; a change of a selected row, or
 * of a looked-up row, marks the selected rows concerned, and at the end of the time each marked row
 * retracts what it produced and produces again from the current rows.
 *
 * <p>When the run withholds failing rows, a selected row whose projection fails (or whose lookup
 * finds two rows of one key) produces nothing and is reported; it is computed again, and reported
 * again if it still fails, whenever it or a row it looked up changes.
 */
public final class LookupSelectNode extends Node implements Stateful {
    private final Lookups lookups;
    private final Function<Object, Object> build;
    /** The projection's expressions, for the definition. */
    private final List<Expr<?>> fields;
    private final RowSchema<Object> inputSchema;
    private final RowSchema<Object> outputSchema;
    /** Per input port: the live rows by key. */
    private final List<LongObjectMap<List<Object>>> rows = new ArrayList<>();
    /** Per lookup: looked-up key to the keys of the selected rows that looked it up. */
    private final List<LongObjectMap<Set<Long>>> dependents = new ArrayList<>();
    /** Per selected key: the keys it looked up, per lookup (null: none). */
    private final LongObjectMap<Long[]> lookedUp = new LongObjectMap<>();
    private final LongObjectMap<List<Object>> produced = new LongObjectMap<>();
    private final Set<Long> dirty = new HashSet<>();

    @SuppressWarnings("unchecked")
    public LookupSelectNode(Graph graph, Node input, Lookups lookups, List<? extends Expr<?>> fields, Function<Object, Object> build,
                            RowSchema<?> inputSchema, RowSchema<?> outputSchema) {
        super(graph, "select-lookup", lookups.inputs(input));
        this.lookups = lookups;
        this.fields = List.copyOf(fields);
        this.build = build;
        this.inputSchema = (RowSchema<Object>) inputSchema;
        this.outputSchema = (RowSchema<Object>) outputSchema;
        for (int port = 0; port < inputs().size(); port++) {
            rows.add(new LongObjectMap<>());
        }
        for (int l = 0; l < lookups.size(); l++) {
            dependents.add(new LongObjectMap<>());
        }
    }

    @Override
    protected void push(int port, Changes changes) {
        LongObjectMap<List<Object>> side = rows.get(port);
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            Object row = changes.row(i);
            if (changes.diff(i) > 0) {
                side.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row);
            } else {
                List<Object> held = side.get(key);
                if (held == null || !removeEqual(held, row)) {
                    throw new IllegalStateException(this + ": retraction of a row that is not held, key " + Long.toHexString(key) + ": " + row);
                }
                if (held.isEmpty()) {
                    side.remove(key);
                }
            }
            if (port == 0) {
                dirty.add(key);
            }
            // one node may be looked up by several lookups, and also be the table selected from
            for (int l = 0; l < lookups.size(); l++) {
                if (lookups.port(l) == port) {
                    Set<Long> readers = dependents.get(l).get(key);
                    if (readers != null) {
                        dirty.addAll(readers);
                    }
                }
            }
        }
    }

    private static boolean removeEqual(List<Object> rows, Object row) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (RowEquality.equal(rows.get(i), row)) {
                rows.remove(i);
                return true;
            }
        }
        return false;
    }

    @Override
    protected void flush(long time) {
        if (dirty.isEmpty()) {
            return;
        }
        List<Long> keys = new ArrayList<>(dirty);
        dirty.clear();
        keys.sort(Long::compare);
        for (long key : keys) {
            List<Object> before = produced.remove(key);
            if (before != null) {
                before.forEach(row -> emit(key, row, -1));
            }
            forget(key);
            List<Object> live = rows.get(0).get(key);
            if (live == null) {
                continue;
            }
            List<Object> after = new ArrayList<>(live.size());
            for (Object row : live) {
                try {
                    after.add(compute(key, row));
                } catch (KeyClashException e) {
                    if (!withholdsFailures()) {
                        throw e;
                    }
                    withhold(failure(toString(), e, key, row), 1);
                } catch (RuntimeException e) {
                    withhold(e, key, row, 1);
                }
            }
            if (!after.isEmpty()) {
                produced.put(key, after);
            }
            after.forEach(row -> emit(key, row, 1));
        }
    }

    /** The output row of a selected row, with its lookups bound and recorded as its dependencies. */
    private Object compute(long key, Object row) {
        Long[] found = new Long[lookups.size()];
        Object[] matches = new Object[lookups.size()];
        // recorded first: a row that fails is computed again when what it looked up changes
        lookedUp.put(key, found);
        for (int l = 0; l < lookups.size(); l++) {
            Long lookedUpKey = lookups.table(l).keyOf(row);
            found[l] = lookedUpKey;
            if (lookedUpKey != null) {
                dependents.get(l).computeIfAbsent(lookedUpKey, k -> new HashSet<>()).add(key);
                List<Object> candidates = rows.get(lookups.port(l)).get(lookedUpKey);
                if (candidates != null && candidates.size() > 1) {
                    throw new KeyClashException(this + ": key " + Long.toHexString(lookedUpKey) + " of Table<" + lookups.table(l).schema().name()
                            + "> has " + candidates.size() + " live rows " + candidates + "; a lookup needs one row per key");
                }
                matches[l] = candidates == null ? null : candidates.get(0);
            }
        }
        return lookups.evaluate(row, found, matches, build);
    }

    private void forget(long key) {
        Long[] found = lookedUp.remove(key);
        if (found == null) {
            return;
        }
        for (int l = 0; l < found.length; l++) {
            if (found[l] != null) {
                Set<Long> readers = dependents.get(l).get(found[l]);
                if (readers != null) {
                    readers.remove(key);
                    if (readers.isEmpty()) {
                        dependents.get(l).remove(found[l]);
                    }
                }
            }
        }
    }

    @Override
    public void snapshot(BinaryWriter out) {
        for (int port = 0; port < rows.size(); port++) {
            RowSchema<Object> schema = port == 0 ? inputSchema : lookups.schemaOfPort(port);
            writeRows(out, rows.get(port), schema);
        }
        writeRows(out, produced, outputSchema);
    }

    private static void writeRows(BinaryWriter out, LongObjectMap<List<Object>> rows, RowSchema<Object> schema) {
        out.writeLength(rows.size());
        rows.forEach((key, list) -> {
            out.writeFixedLong(key);
            out.writeLength(list.size());
            list.forEach(row -> schema.encode(row, out));
        });
    }

    @Override
    public void restore(BinaryReader in) {
        for (int port = 0; port < rows.size(); port++) {
            RowSchema<Object> schema = port == 0 ? inputSchema : lookups.schemaOfPort(port);
            readRows(in, rows.get(port), schema);
        }
        readRows(in, produced, outputSchema);
        // the keys each selected row looked up follow from the rows: computed, not stored
        dependents.forEach(LongObjectMap::clear);
        lookedUp.clear();
        rows.get(0).forEach((key, list) -> {
            Long[] found = new Long[lookups.size()];
            for (int l = 0; l < lookups.size(); l++) {
                try {
                    found[l] = lookups.table(l).keyOf(list.get(0));
                } catch (RuntimeException e) {
                    break;   // a row withheld because its key failed: it depends on no looked-up row
                }
                if (found[l] != null) {
                    dependents.get(l).computeIfAbsent(found[l], k -> new HashSet<>()).add(key);
                }
            }
            lookedUp.put(key, found);
        });
    }

    private static void readRows(BinaryReader in, LongObjectMap<List<Object>> rows, RowSchema<Object> schema) {
        rows.clear();
        int size = in.readLength(9);
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            int count = in.readLength(1);
            List<Object> list = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                list.add(schema.decode(in));
            }
            rows.put(key, list);
        }
    }

    @Override
    public void reemit() {
        produced.forEach((key, list) -> list.forEach(row -> emit(key, row, 1)));
        deliverNow();
    }

    @Override
    public String definition() {
        // the fields name each looked-up table by its input port
        return Canonical.withInputs(inputs(), () -> new OperatorDefinition(kind()).schema("from", inputSchema)
                .param("lookups", lookups.canonicalForm()).exprs("fields", fields).schema("into", outputSchema).text());
    }
}
