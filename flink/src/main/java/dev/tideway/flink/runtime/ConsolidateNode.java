package dev.tideway.flink.runtime;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;

/**
 * What the embedded engine's sink does before it writes: collects a logical time's changes and, at
 * its end, cancels out the insertions and retractions of one row ({@link Changes#consolidate}), so a
 * file never shows a row inserted and retracted at one time. Run keyed by row key, so that every
 * change of a row meets the others.
 */
final class ConsolidateNode extends Node {
    private final Changes pending = new Changes();

    ConsolidateNode(Graph graph, Node input) {
        super(graph, "flink-consolidate", input);
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
        pending.consolidate();
        for (int i = 0; i < pending.size(); i++) {
            emit(pending.key(i), pending.row(i), pending.diff(i));
        }
        pending.clear();
    }
}
