package dev.tideway.internal.engine;

/** Where the parts of a node emit their changes: the node's own {@code emit}. */
@FunctionalInterface
interface Emitter {
    void emit(long key, Object row, int diff);
}
