package dev.tideway.internal.engine.workers;

import dev.tideway.internal.engine.Changes;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;

/**
 * Where a copy of a node on a worker is fed by an {@link Exchange}: it stands in for the copy's input
 * (a node needs its inputs when it is made) and never emits; the worker pushes what it receives
 * straight into the copy.
 */
final class ExchangeInput extends Node {
    ExchangeInput(Graph graph) {
        super(graph, "exchange-input");
    }

    @Override
    protected void push(int port, Changes changes) {
        throw new IllegalStateException("an exchange input has no inputs");
    }
}
