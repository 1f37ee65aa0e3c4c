package dev.tideway.internal.engine.ops;

import java.util.List;
import dev.tideway.internal.engine.Replicable;
import dev.tideway.Expr;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.LongObjectMap;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.RowEquality;
import dev.tideway.internal.engine.KeyedState;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.function.BiPredicate;
import java.util.function.LongPredicate;

/**
 * Keeps, per instance, the last row whose value the acceptor accepted against the value accepted
 * before (the first row of an instance is always accepted), like Pathway's {@code deduplicate}.
 * Rows are taken in arrival order. A retraction of the accepted row removes it from the output; the
 * instance then accepts the next row that arrives.
 */
public final class DeduplicateNode extends Node implements KeyedState, Replicable {
    private final Expr<Object> value;
    private final ValueKeys instance;
    private final BiPredicate<Object, Object> acceptor;
    private final RowSchema<Object> schema;
    private final LongObjectMap<Accepted> accepted = new LongObjectMap<>();

    private record Accepted(long key, Object row, Object value) {}

    @SuppressWarnings("unchecked")
    public DeduplicateNode(Graph graph, Node input, Expr<?> value, ValueKeys instance, BiPredicate<?, ?> acceptor, RowSchema<?> schema) {
        super(graph, "deduplicate", input);
        this.value = (Expr<Object>) value;
        this.instance = instance;
        this.acceptor = (BiPredicate<Object, Object>) acceptor;
        this.schema = (RowSchema<Object>) schema;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long instanceKey;
            Object newValue = null;
            boolean accept = false;
            Accepted current;
            try {
                instanceKey = instance.keyOf(row);
                current = accepted.get(instanceKey);
                if (changes.diff(i) > 0) {
                    newValue = value.eval(row);
                    accept = current == null || acceptor.test(newValue, current.value);
                }
            } catch (RuntimeException e) {
                withhold(e, changes.key(i), row, changes.diff(i));
                continue;
            }
            if (changes.diff(i) > 0) {
                if (accept) {
                    if (current != null) {
                        emit(current.key, current.row, -1);
                    }
                    accepted.put(instanceKey, new Accepted(changes.key(i), row, newValue));
                    emit(changes.key(i), row, 1);
                }
            } else if (current != null && current.key == changes.key(i) && RowEquality.equal(current.row, row)) {
                accepted.remove(instanceKey);
                emit(current.key, current.row, -1);
            }
        }
    }

    /** Writes the accepted rows of every {@linkplain #stateParts part} as one state: their count, then each instance's. */
    @Override
    public void snapshot(BinaryWriter out) {
        List<DeduplicateNode> parts = stateParts();
        out.writeLength(parts.stream().mapToInt(part -> part.accepted.size()).sum());
        for (DeduplicateNode part : parts) {
            part.accepted.forEach((instanceKey, entry) -> {
                out.writeFixedLong(instanceKey);
                out.writeFixedLong(entry.key);
                schema.encode(entry.row, out);
            });
        }
    }

    @Override
    public void restore(BinaryReader in, LongPredicate keep) {
        accepted.clear();
        int size = in.readLength(1);
        for (int i = 0; i < size; i++) {
            long instanceKey = in.readFixedLong();
            long key = in.readFixedLong();
            Object row = schema.decode(in);
            if (keep.test(instanceKey)) {
                accepted.put(instanceKey, new Accepted(key, row, value.eval(row)));
            }
        }
    }

    /** The rows accepted, one per instance. */
    @Override
    public long stateRows() {
        return this.<DeduplicateNode>stateParts().stream().mapToLong(part -> part.accepted.size()).sum();
    }

    @Override
    public void reemit() {
        accepted.forEach((instanceKey, entry) -> emit(entry.key(), entry.row(), 1));
        deliverNow();
    }

    /** The instance: rows of one instance compete with each other only. */
    @Override
    public long partitionKey(int port, long key, Object row) {
        return instance.keyOf(row);
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).expr("value", value).param("instance", instance.canonicalForm())
                .function("acceptor", acceptor).schema("rows", schema).text();
    }

    @Override
    public boolean absorbsRepeatedInput() {
        return true;
    }

    /** Copies only with a deterministic key: see {@link Replicable#replicable}. */
    @Override
    public boolean replicable() {
        return instance.deterministic();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new DeduplicateNode(graph, inputs.get(0), value, instance.copy(), acceptor, schema);
    }
}
