package dev.tideway.internal.engine.time;

import dev.tideway.Expr;
import dev.tideway.Projection;
import dev.tideway.Reducer;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.ops.Accumulator;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The output of a windowed reduce: which field of the result is an instance value, a bound of the
 * window or a reducer; how a window's row is built; and how a window is keyed (by its instance
 * values and bounds, stable across runs).
 */
final class WindowProjection {
    /** The expressions that stand for a window's bounds in a reduce's projection. */
    record Bounds(Expr<?> start, Expr<?> end, Expr<?> location) {}

    private static final int START = -1_000_000;
    private static final int END = -1_000_001;
    private static final int LOCATION = -1_000_002;

    private final RowSchema<Object> schema;
    private final ValueKeys instance;
    private final TimeKind kind;
    /** Per output field: an instance index (>= 0), a reducer (-1 - index), or a bound. */
    private final int[] sources;
    private final Reducer<?>[] reducers;
    private final BinaryWriter scratch = new BinaryWriter();

    @SuppressWarnings("unchecked")
    WindowProjection(String operator, Projection<?> projection, Expr<?>[] instanceExprs, Bounds bounds, TimeKind kind) {
        this.schema = (RowSchema<Object>) projection.schema();
        this.instance = new ValueKeys(instanceExprs);
        this.kind = kind;
        List<Expr<?>> fields = projection.fields();
        this.sources = new int[fields.size()];
        List<Reducer<?>> found = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            Expr<?> field = fields.get(f);
            if (field instanceof Reducer<?> reducer) {
                sources[f] = -1 - found.size();
                found.add(reducer);
            } else if (field == bounds.start()) {
                sources[f] = START;
            } else if (field == bounds.end()) {
                sources[f] = END;
            } else if (field == bounds.location()) {
                sources[f] = LOCATION;
            } else {
                int k = indexOf(instanceExprs, field);
                if (k < 0) {
                    throw new IllegalArgumentException(operator + ": field " + schema.fields().get(f).name() + " of " + schema.name() + " is "
                            + field + ", which is neither an instance expression of windowBy" + Arrays.toString(instanceExprs)
                            + ", nor start(), end() or location() of these windows, nor a reducer; pass it as an instance to windowBy,"
                            + " or aggregate it with a reducer such as Reducers.max(" + field + ")");
                }
                sources[f] = k;
            }
        }
        this.reducers = found.toArray(new Reducer<?>[0]);
    }

    private static int indexOf(Expr<?>[] exprs, Expr<?> field) {
        for (int k = 0; k < exprs.length; k++) {
            if (exprs[k] == field || exprs[k].equals(field)) {
                return k;
            }
        }
        return -1;
    }

    RowSchema<Object> schema() {
        return schema;
    }

    ValueKeys instance() {
        return instance;
    }

    Accumulator[] newAccumulators() {
        Accumulator[] accumulators = new Accumulator[reducers.length];
        for (int r = 0; r < reducers.length; r++) {
            accumulators[r] = dev.tideway.internal.engine.ops.ReducerAccumulators.of(reducers[r]);
        }
        return accumulators;
    }

    /** The output row of a window. */
    Object build(Object[] instanceValues, long start, long end, long location, Accumulator[] accumulators) {
        Object[] values = new Object[sources.length];
        for (int f = 0; f < sources.length; f++) {
            int source = sources[f];
            values[f] = switch (source) {
                case START -> kind.value(start);
                case END -> kind.value(end);
                case LOCATION -> kind.value(location);
                default -> source >= 0 ? instanceValues[source] : accumulators[-1 - source].result();
            };
        }
        return schema.build(values);
    }

    /** The key of a window's output row: its instance values and its bounds (or its probe time). */
    long keyOf(Object[] instanceValues, long first, long second) {
        scratch.reset();
        instance.writeValues(scratch, instanceValues);
        scratch.writeFixedLong(first);
        scratch.writeFixedLong(second);
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    void writeAccumulators(BinaryWriter out, Accumulator[] accumulators) {
        for (Accumulator accumulator : accumulators) {
            accumulator.snapshot(out);
        }
    }

    Accumulator[] readAccumulators(BinaryReader in) {
        Accumulator[] accumulators = newAccumulators();
        for (Accumulator accumulator : accumulators) {
            accumulator.restore(in);
        }
        return accumulators;
    }

    void writeRow(BinaryWriter out, Object row) {
        out.writeBoolean(row != null);
        if (row != null) {
            schema.encode(row, out);
        }
    }

    Object readRow(BinaryReader in) {
        return in.readBoolean() ? schema.decode(in) : null;
    }

    /** The projection as canonical text: its instance expressions, each field's source, the schema built. */
    String canonicalForm() {
        List<String> fields = new ArrayList<>();
        for (int source : sources) {
            fields.add(switch (source) {
                case START -> "window-start";
                case END -> "window-end";
                case LOCATION -> "window-location";
                default -> source >= 0 ? "instance" + source : dev.tideway.internal.engine.identity.Canonical.expr(reducers[-1 - source]);
            });
        }
        return "projection(instance=" + instance.canonicalForm() + ",fields=[" + String.join(",", fields) + "],into="
                + dev.tideway.internal.engine.identity.Canonical.schema(schema) + ")";
    }

    @Override
    public String toString() {
        return schema + " per " + instance + " with " + Arrays.toString(reducers);
    }
}
