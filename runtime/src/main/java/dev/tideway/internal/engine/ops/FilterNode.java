package dev.tideway.internal.engine.ops;

import java.util.List;
import dev.tideway.internal.engine.Replicable;
import dev.tideway.Expr;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;

/** Keeps the rows for which a predicate is true; a null predicate value drops the row. */
public final class FilterNode extends Node implements Replicable {
    private final Expr<Boolean> predicate;

    public FilterNode(Graph graph, Node input, Expr<Boolean> predicate) {
        super(graph, "filter", input);
        this.predicate = predicate;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            Boolean keep;
            try {
                keep = predicate.eval(row);
            } catch (RuntimeException e) {
                withhold(e, changes.key(i), row, changes.diff(i));
                continue;
            }
            if (Boolean.TRUE.equals(keep)) {
                emit(changes.key(i), row, changes.diff(i));
            }
        }
    }

    @Override
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind()).expr("predicate", predicate).text();
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new FilterNode(graph, inputs.get(0), predicate);
    }
}
