package dev.tideway.internal.engine.ops;

import java.util.List;
import dev.tideway.internal.engine.Replicable;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.ValueKeys;

/** Gives rows new keys made of the values of some expressions ({@code withIdFrom}). */
public final class RekeyNode extends Node implements Replicable {
    private final ValueKeys keys;

    public RekeyNode(Graph graph, Node input, ValueKeys keys) {
        super(graph, "with-id-from", input);
        this.keys = keys;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            long key;
            try {
                key = keys.keyOf(row);
            } catch (RuntimeException e) {
                withhold(e, changes.key(i), row, changes.diff(i));
                continue;
            }
            emit(key, row, changes.diff(i));
        }
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).param("keys", keys.canonicalForm()).text();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new RekeyNode(graph, inputs.get(0), keys.copy());
    }
}
