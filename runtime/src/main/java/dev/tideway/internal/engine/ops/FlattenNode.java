package dev.tideway.internal.engine.ops;

import dev.tideway.internal.engine.Replicable;
import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.Node;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One output row per item of a list column; the item's key is derived from the row's key and its position.
 * A row on which the user's code fails for any item is withheld whole (see {@link Node#withhold}).
 */
public final class FlattenNode extends Node implements Replicable {
    private final Function<Object, List<?>> items;
    private final BiFunction<Object, Object, Object> build;
    private final String definition;

    /** @param definition the canonical definition: the list column, the build function's identity, the output schema */
    public FlattenNode(Graph graph, Node input, Function<Object, List<?>> items, BiFunction<Object, Object, Object> build,
                       String definition) {
        super(graph, "flatten", input);
        this.items = items;
        this.build = build;
        this.definition = definition;
    }

    @Override
    public String definition() {
        return definition;
    }

    @Override
    protected void push(int port, Changes changes) {
        for (int i = 0; i < changes.size(); i++) {
            Object row = changes.row(i);
            int mark = emittedMark();
            try {
                List<?> list = items.apply(row);
                if (list == null) {
                    continue;
                }
                for (int n = 0; n < list.size(); n++) {
                    emit(KeyHasher.combine(changes.key(i), n), build.apply(row, list.get(n)), changes.diff(i));
                }
            } catch (RuntimeException e) {
                // a row is withheld whole: none of its items
                dropEmittedSince(mark);
                withhold(e, changes.key(i), row, changes.diff(i));
            }
        }
    }

    @Override
    public Node replicate(Graph graph, List<Node> inputs) {
        return new FlattenNode(graph, inputs.get(0), items, build, definition);
    }
}
