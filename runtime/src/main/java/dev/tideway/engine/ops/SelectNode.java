package dev.tideway.engine.ops;

import dev.tideway.Expr;
import dev.tideway.engine.Changes;
import dev.tideway.engine.Graph;
import dev.tideway.engine.KeyHasher;
import dev.tideway.engine.LongObjectMap;
import dev.tideway.engine.Node;
import dev.tideway.engine.Stateful;
import dev.tideway.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Computes one output row per input row, keeping the key. Stateless for deterministic functions;
 * with a non-deterministic one it remembers what it produced for each input row, so that a
 * retraction retracts the value produced then, not a new call's.
 *
 * <p>Several live input rows may share a key (rows keyed by content, or a key updated by a delete and
 * an insert in one time), so the values are kept per key as a list of (input row fingerprint,
 * output row): a retraction removes the most recent value produced for an equal input row.
 *
 * <p>When the run withholds failing rows, a row the function fails on is withheld: a deterministic
 * select computes its retraction again, which fails again and is dropped; a non-deterministic one
 * remembers the failure as what it produced (persisted with its state), so the retraction is dropped
 * without calling the function, whatever it would answer now.
 */
public final class SelectNode extends Node implements Stateful {
    private final Function<Object, Object> function;
    private final RowSchema<Object> outputSchema;
    private final BiConsumer<Object, BinaryWriter> inputEncoder;
    private final BinaryWriter scratch = new BinaryWriter();
    private final LongObjectMap<List<Produced>> produced;
    private final UnaryOperator<OperatorDefinition> definedBy;
    /** The values (and withheld failures) held, for metrics. */
    private long heldRows;

    /** A select computed by the expressions of a projection. */
    public static UnaryOperator<OperatorDefinition> fields(List<? extends Expr<?>> fields) {
        return definition -> definition.exprs("fields", fields);
    }

    /** A select computed by a user function ({@code map}). */
    public static UnaryOperator<OperatorDefinition> userFunction(Object udf) {
        return definition -> definition.function("function", udf);
    }

    /** An output row (or {@link #WITHHELD}) and the fingerprint of the input row it was computed from. */
    private record Produced(long input, Object row) {}

    /** What stands for the output of a row on which the function failed, withheld from the output. */
    private static final Object WITHHELD = new Object();

    /**
     * A select that remembers what it produced when {@code inputEncoder} is not null: the encoder
     * writes an input row's content, whose hash identifies the row at its retraction.
     *
     * @param definedBy what the function is, for the operator's definition: {@link #fields} of a
     *     projection, or a user function ({@link #userFunction})
     */
    @SuppressWarnings("unchecked")
    public SelectNode(Graph graph, Node input, Function<Object, Object> function, RowSchema<?> outputSchema,
                      BiConsumer<Object, BinaryWriter> inputEncoder, UnaryOperator<OperatorDefinition> definedBy) {
        super(graph, inputEncoder == null ? "select" : "select-nondeterministic", input);
        this.definedBy = definedBy;
        this.function = function;
        this.outputSchema = (RowSchema<Object>) outputSchema;
        this.inputEncoder = inputEncoder;
        this.produced = inputEncoder == null ? null : new LongObjectMap<>();
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            int diff = changes.diff(i);
            Object input = changes.row(i);
            if (produced == null) {
                Object row = apply(key, input, diff);
                if (row != WITHHELD) {
                    emit(key, row, diff);
                }
            } else if (diff > 0) {
                Object row = apply(key, input, diff);
                // a failure is remembered as what was produced: its retraction is dropped, not computed again
                produced.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Produced(fingerprint(input), row));
                heldRows++;
                if (row != WITHHELD) {
                    emit(key, row, diff);
                }
            } else {
                Object row = takeProduced(key, input);
                if (row != WITHHELD) {
                    emit(key, row, diff);
                }
            }
        }
    }

    /**
     * The user's function (the projection's expressions, a map, the record's constructor) on one row,
     * or {@link #WITHHELD} when it failed and the run withholds failing rows.
     */
    private Object apply(long key, Object input, int diff) {
        try {
            return function.apply(input);
        } catch (RuntimeException e) {
            withhold(e, key, input, diff);
            return WITHHELD;
        }
    }

    private Object takeProduced(long key, Object input) {
        List<Produced> rows = produced.get(key);
        long fingerprint = fingerprint(input);
        for (int r = rows == null ? -1 : rows.size() - 1; r >= 0; r--) {
            if (rows.get(r).input == fingerprint) {
                Object row = rows.remove(r).row;
                heldRows--;
                if (rows.isEmpty()) {
                    produced.remove(key);
                }
                return row;
            }
        }
        throw new IllegalStateException(this + ": retraction of a row for which no value was produced, key "
                + Long.toHexString(key) + ": " + input);
    }

    private long fingerprint(Object input) {
        scratch.reset();
        inputEncoder.accept(input, scratch);
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    /**
     * Writes the values produced, by input row: key, then each value with its input's fingerprint.
     * The inputs the function failed on (withheld) follow in a section of their own, written only when
     * there are any, so a state without failures reads as before: their count, then key and input
     * fingerprint of each.
     */
    @Override
    public void snapshot(BinaryWriter out) {
        if (produced == null) {
            out.writeLength(0);
            return;
        }
        List<long[]> withheld = new ArrayList<>();
        out.writeLength(countKeysWithValues());
        produced.forEach((key, rows) -> {
            long values = rows.stream().filter(row -> row.row != WITHHELD).count();
            rows.stream().filter(row -> row.row == WITHHELD).forEach(row -> withheld.add(new long[] {key, row.input}));
            if (values == 0) {
                return;
            }
            out.writeFixedLong(key);
            out.writeLength((int) values);
            for (Produced row : rows) {
                if (row.row != WITHHELD) {
                    out.writeFixedLong(row.input);
                    outputSchema.encode(row.row, out);
                }
            }
        });
        if (!withheld.isEmpty()) {
            out.writeLength(withheld.size());
            for (long[] entry : withheld) {
                out.writeFixedLong(entry[0]);
                out.writeFixedLong(entry[1]);
            }
        }
    }

    private int countKeysWithValues() {
        int[] count = {0};
        produced.forEach((key, rows) -> {
            if (rows.stream().anyMatch(row -> row.row != WITHHELD)) {
                count[0]++;
            }
        });
        return count[0];
    }

    @Override
    public void restore(BinaryReader in) {
        int size = in.readLength(9);
        if (produced == null) {
            if (size != 0) {
                throw new CodecException(this + ": the snapshot holds produced values, but this select is deterministic");
            }
            return;
        }
        produced.clear();
        heldRows = 0;
        for (int i = 0; i < size; i++) {
            long key = in.readFixedLong();
            int count = in.readLength(8);
            List<Produced> rows = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                long input = in.readFixedLong();
                rows.add(new Produced(input, outputSchema.decode(in)));
            }
            heldRows += count;
            produced.put(key, rows);
        }
        if (in.hasRemaining()) {
            int withheld = in.readLength(16);
            for (int i = 0; i < withheld; i++) {
                long key = in.readFixedLong();
                produced.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Produced(in.readFixedLong(), WITHHELD));
                heldRows++;
            }
        }
    }

    /** The input rows it holds a value (or a withheld failure) for. */
    @Override
    public long stateRows() {
        return heldRows;
    }

    @Override
    public boolean hasState() {
        return produced != null;
    }

    @Override
    public boolean replayable() {
        return produced == null;
    }

    @Override
    public void reemit() {
        if (produced != null) {
            produced.forEach((key, rows) -> rows.stream().filter(row -> row.row != WITHHELD).forEach(row -> emit(key, row.row, 1)));
            deliverNow();
        }
    }

    @Override
    public String definition() {
        return definedBy.apply(new OperatorDefinition(kind())).schema("into", outputSchema).text();
    }
}
