package dev.tideway.internal.engine;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The lookups of one select and the input port of each table looked up (a table looked up twice, or
 * also selected from, is one input).
 */
public final class Lookups {
    private final List<LookupTable<?>> tables;
    private final int[] ports;
    private final List<Node> lookedUpNodes = new ArrayList<>();

    public Lookups(Node input, List<LookupTable<?>> tables) {
        this.tables = List.copyOf(tables);
        this.ports = new int[tables.size()];
        for (int l = 0; l < tables.size(); l++) {
            Node node = tables.get(l).node();
            if (node.graph() != input.graph()) {
                throw new IllegalArgumentException("ix on a table of another pipeline: " + tables.get(l));
            }
            int at = lookedUpNodes.indexOf(node);
            if (at < 0) {
                lookedUpNodes.add(node);
                at = lookedUpNodes.size() - 1;
            }
            ports[l] = at + 1;
        }
    }

    /** The select's inputs: the table selected from, then each table looked up once. */
    public Node[] inputs(Node input) {
        List<Node> all = new ArrayList<>();
        all.add(input);
        all.addAll(lookedUpNodes);
        return all.toArray(Node[]::new);
    }

    public int size() {
        return tables.size();
    }

    public LookupTable<?> table(int lookup) {
        return tables.get(lookup);
    }

    /** The input port of a lookup's table. */
    public int port(int lookup) {
        return ports[lookup];
    }

    /** The schema of the rows at an input port above 0. */
    @SuppressWarnings("unchecked")
    public RowSchema<Object> schemaOfPort(int port) {
        for (int l = 0; l < tables.size(); l++) {
            if (ports[l] == port) {
                return (RowSchema<Object>) tables.get(l).schema();
            }
        }
        throw new IllegalArgumentException("no lookup reads port " + port);
    }

    /** {@code build} of a row, with each lookup's found row bound. */
    public Object evaluate(Object row, Long[] keys, Object[] found, Function<Object, Object> build) {
        try {
            for (int l = 0; l < tables.size(); l++) {
                tables.get(l).bind(row, keys[l], found[l]);
            }
            return build.apply(row);
        } finally {
            tables.forEach(LookupTable::unbind);
        }
    }

    /** The lookups in the select's definition, in order ({@link LookupTable#canonicalForm}); within {@code Canonical.withInputs}. */
    public String canonicalForm() {
        return Canonical.list(tables, LookupTable::canonicalForm);
    }

    @Override
    public String toString() {
        return tables.toString();
    }
}
