package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Replicable;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.Expr;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.CodecException;
import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongPredicate;
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
public final class SelectNode extends Node implements KeyedState, Replicable {
    private static final Object WITHHELD = ProducedRows.WITHHELD;

    private final Function<Object, Object> function;
    private final RowSchema<Object> outputSchema;
    private final BiConsumer<Object, BinaryWriter> inputEncoder;
    private final BinaryWriter scratch = new BinaryWriter();
    private final ProducedRows produced;
    private final UnaryOperator<OperatorDefinition> definedBy;

    /** A select computed by the expressions of a projection. */
    public static UnaryOperator<OperatorDefinition> fields(List<? extends Expr<?>> fields) {
        return definition -> definition.exprs("fields", fields);
    }

    /** A select computed by a user function ({@code map}). */
    public static UnaryOperator<OperatorDefinition> userFunction(Object udf) {
        return definition -> definition.function("function", udf);
    }

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
        this.produced = inputEncoder == null ? null : new ProducedRows();
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            long key = changes.key(i);
            int diff = changes.diff(i);
            Object input = changes.row(i);
            Object row;
            if (produced == null) {
                row = apply(key, input, diff);
            } else if (diff > 0) {
                row = apply(key, input, diff);
                // a failure is remembered as what was produced: its retraction is dropped, not computed again
                produced.add(key, fingerprint(input), row);
            } else {
                row = produced.take(key, fingerprint(input), this, input);
            }
            if (row != WITHHELD) {
                emit(key, row, diff);
            }
        }
    }

    /**
     * The user's function (the projection's expressions, a map, the record's constructor) on one row,
     * or {@link ProducedRows#WITHHELD} when it failed and the run withholds failing rows.
     */
    private Object apply(long key, Object input, int diff) {
        try {
            return function.apply(input);
        } catch (RuntimeException e) {
            withhold(e, key, input, diff);
            return WITHHELD;
        }
    }

    private long fingerprint(Object input) {
        scratch.reset();
        inputEncoder.accept(input, scratch);
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    /**
     * Writes the values produced, by input row, and the inputs the function failed on (withheld) in a
     * section of their own, written only when there are any ({@link ProducedRows}); a deterministic
     * select writes an empty state. The values of every {@linkplain #stateParts part} are written as one.
     */
    @Override
    public void snapshot(BinaryWriter out) {
        if (produced == null) {
            out.writeLength(0);
            return;
        }
        ProducedRows.write(this.<SelectNode>stateParts().stream().map(part -> part.produced).toList(), out, outputSchema);
    }

    @Override
    public void restore(BinaryReader in, LongPredicate keep) {
        if (produced == null) {
            if (in.readLength(9) != 0) {
                throw new CodecException(this + ": the snapshot holds produced values, but this select is deterministic");
            }
            return;
        }
        produced.read(in, outputSchema, keep);
    }

    /** The input rows it holds a value (or a withheld failure) for. */
    @Override
    public long stateRows() {
        return produced == null ? 0 : this.<SelectNode>stateParts().stream().mapToLong(part -> part.produced.size()).sum();
    }

    @Override
    public boolean hasState() {
        return produced != null;
    }

    /** Only a select that remembers what it produced needs its rows on the worker owning their key. */
    @Override
    public boolean partitions() {
        return produced != null;
    }

    @Override
    public boolean replayable() {
        return produced == null;
    }

    @Override
    public void reemit() {
        if (produced != null) {
            produced.forEachRow((key, row) -> emit(key, row, 1));
            deliverNow();
        }
    }

    /** The row key: what is remembered for a row is kept under its key. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return key;
    }

    @Override
    public String definition() {
        return definedBy.apply(new OperatorDefinition(kind())).schema("into", outputSchema).text();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new SelectNode(graph, inputs.get(0), function, outputSchema, inputEncoder, definedBy);
    }
}
