package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.AsyncCalls;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Stateful;
import dev.tideway.Expr;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.internal.engine.Partitioned;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A select whose projection holds asynchronous user functions. The changes of a logical time are
 * held until its end; then the functions are called for the arguments of the rows inserted (see
 * {@link AsyncCalls}), and the changes are applied in the order they came: an insertion computes its
 * row with the results, a retraction retracts the row computed for that input row before. The rows
 * produced are remembered per key, with a fingerprint of the input row, and snapshotted: a restored
 * node never calls again for what it computed, and its state cannot be rebuilt by a replay.
 *
 * <p>When the run withholds failing rows, a row whose arguments or call fail (an
 * {@code AsyncCallException} once its retries are spent) is withheld and reported to the error log;
 * the failure is remembered as what the row produced (persisted with the state, see
 * {@link ProducedRows}), so its retraction is dropped without calling again.
 */
public final class AsyncSelectNode extends Node implements Stateful, Partitioned {
    private static final Object WITHHELD = ProducedRows.WITHHELD;

    private final AsyncCalls calls;
    private final Function<Object, Object> build;
    /** The projection's expressions (the async UDFs among them), for the definition. */
    private final List<Expr<?>> fields;
    private final RowSchema<Object> outputSchema;
    private final BiConsumer<Object, BinaryWriter> inputEncoder;
    private final BinaryWriter scratch = new BinaryWriter();
    private final ProducedRows produced = new ProducedRows();
    private final Changes pending = new Changes();

    @SuppressWarnings("unchecked")
    public AsyncSelectNode(Graph graph, Node input, AsyncCalls calls, List<? extends Expr<?>> fields, Function<Object, Object> build,
                           RowSchema<?> outputSchema, BiConsumer<Object, BinaryWriter> inputEncoder) {
        super(graph, "select-async", input);
        this.calls = calls;
        this.fields = List.copyOf(fields);
        this.build = build;
        this.outputSchema = (RowSchema<Object>) outputSchema;
        this.inputEncoder = inputEncoder;
    }

    @Override
    protected void push(int port, Changes changes) {
        pending.addAll(changes);
    }

    @Override
    protected void flush(long time) {
        if (pending.isEmpty()) {
            return;
        }
        List<Object> inserted = new ArrayList<>();
        boolean[] failed = new boolean[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            if (pending.diff(i) > 0) {
                try {
                    calls.arguments(pending.row(i));
                    inserted.add(pending.row(i));
                } catch (RuntimeException e) {
                    withhold(e, pending.key(i), pending.row(i), pending.diff(i));
                    failed[i] = true;
                }
            }
        }
        AsyncCalls.Results results = calls.call(inserted);
        for (int i = 0; i < pending.size(); i++) {
            long key = pending.key(i);
            Object input = pending.row(i);
            int diff = pending.diff(i);
            Object row;
            if (diff > 0) {
                row = failed[i] ? WITHHELD : evaluate(results, key, input, diff);
                produced.add(key, fingerprint(input), row);
            } else {
                row = produced.take(key, fingerprint(input), this, input);
            }
            if (row != WITHHELD) {
                emit(key, row, diff);
            }
        }
        pending.clear();
    }

    /** The output row of an inserted row, or {@link ProducedRows#WITHHELD} when its call failed and the run withholds it. */
    private Object evaluate(AsyncCalls.Results results, long key, Object input, int diff) {
        try {
            return results.evaluate(input, build);
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

    /** The rows produced and the withheld ones, as a non-deterministic select's ({@link ProducedRows}). */
    @Override
    public void snapshot(BinaryWriter out) {
        produced.write(out, outputSchema);
    }

    @Override
    public void restore(BinaryReader in) {
        produced.read(in, outputSchema);
    }

    /** The input rows it holds a result (or a withheld failure) for. */
    @Override
    public long stateRows() {
        return produced.size();
    }

    /** A second call may give another result than the output holds: never rebuilt by a replay. */
    @Override
    public boolean replayable() {
        return false;
    }

    @Override
    public void reemit() {
        produced.forEachRow((key, row) -> emit(key, row, 1));
        deliverNow();
    }

    /** The row key: what is remembered for a row is kept under its key. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return key;
    }

    @Override
    public String definition() {
        return new OperatorDefinition(kind()).exprs("fields", fields).schema("into", outputSchema).text();
    }
}
