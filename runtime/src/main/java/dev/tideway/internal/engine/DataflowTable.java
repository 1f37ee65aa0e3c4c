package dev.tideway.internal.engine;

import dev.tideway.CellUpdate;
import dev.tideway.Column;
import dev.tideway.Expr;
import dev.tideway.GroupedTable;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Lookup;
import dev.tideway.Neighbors;
import dev.tideway.Neighbors_;
import dev.tideway.Projection;
import dev.tideway.Table;
import dev.tideway.internal.engine.ops.AsyncSelectNode;
import dev.tideway.internal.engine.ops.DeduplicateNode;
import dev.tideway.internal.engine.ops.FilterNode;
import dev.tideway.internal.engine.ops.FlattenNode;
import dev.tideway.internal.engine.ops.GroupByNode;
import dev.tideway.internal.engine.ops.JoinNode;
import dev.tideway.internal.engine.ops.KeyClashException;
import dev.tideway.internal.engine.ops.KeyedCombineNode;
import dev.tideway.internal.engine.ops.LookupSelectNode;
import dev.tideway.internal.engine.ops.RekeyNode;
import dev.tideway.internal.engine.ops.SelectNode;
import dev.tideway.internal.engine.ops.SortNode;
import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.internal.engine.identity.OperatorDefinition;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A table computed by one node of the dataflow; its operators add nodes to the same graph.
 *
 * @param <T> the row type
 */
final class DataflowTable<T> implements EngineTable<T> {
    private final Node node;
    private final RowSchema<T> schema;

    DataflowTable(Node node, RowSchema<T> schema) {
        this.node = node;
        this.schema = schema;
        node.graph().outputRows(node, schema);
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public RowSchema<T> schema() {
        return schema;
    }

    private Graph graph() {
        return node.graph();
    }

    /** The check of the expressions an operator evaluates on this table's rows. */
    private ColumnScope scope(String operator) {
        return ColumnScope.of(ColumnScope.on(operator, schema), schema, "use a column of " + schema.name() + ", or join first");
    }

    @Override
    public <R> Table<R> select(Projection<R> projection) {
        scope("select").forSelect().check(projection.fields());
        List<LookupTable<?>> lookups = LookupTable.in(projection.fields());
        if (!lookups.isEmpty()) {
            return selectWithLookups(projection, lookups);
        }
        return select(node, projection, this::encode);
    }

    /** A select of {@code input}'s rows; {@code inputEncoder} writes an input row, for a non-deterministic projection. */
    static <R> Table<R> select(Node input, Projection<R> projection, BiConsumer<Object, BinaryWriter> inputEncoder) {
        List<Expr<?>> fields = projection.fields();
        RowSchema<R> out = projection.schema();
        boolean deterministic = fields.stream().allMatch(Expr::deterministic);
        Function<Object, Object> build = row -> {
            Object[] values = new Object[fields.size()];
            for (int f = 0; f < values.length; f++) {
                values[f] = fields.get(f).eval(row);
            }
            return out.build(values);
        };
        List<AsyncCall<?, ?>> asyncCalls = AsyncCall.in(fields);
        if (!asyncCalls.isEmpty()) {
            return new DataflowTable<>(new AsyncSelectNode(input.graph(), input, new AsyncCalls(asyncCalls), fields, build, out, inputEncoder),
                    out);
        }
        return new DataflowTable<>(new SelectNode(input.graph(), input, build, out, deterministic ? null : inputEncoder,
                SelectNode.fields(fields)), out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Table<R> map(RowSchema<R> out, Function<? super T, ? extends R> udf) {
        return new DataflowTable<>(new SelectNode(graph(), node, row -> udf.apply((T) row), out, null, SelectNode.userFunction(udf)), out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Table<R> mapNonDeterministic(RowSchema<R> out, Function<? super T, ? extends R> udf) {
        return new DataflowTable<>(new SelectNode(graph(), node, row -> udf.apply((T) row), out, this::encode,
                SelectNode.userFunction(udf)), out);
    }

    @SuppressWarnings("unchecked")
    private void encode(Object row, BinaryWriter out) {
        schema.encode((T) row, out);
    }

    static <T, U> void encodePair(JoinedRow pair, BinaryWriter out, RowSchema<T> left, RowSchema<U> right) {
        out.writeBoolean(pair.left() != null);
        if (pair.left() != null) {
            left.encode(left.type().cast(pair.left()), out);
        }
        out.writeBoolean(pair.right() != null);
        if (pair.right() != null) {
            right.encode(right.type().cast(pair.right()), out);
        }
    }

    @Override
    public Table<T> filter(Expr<Boolean> predicate) {
        scope("filter").check(predicate);
        return new DataflowTable<>(new FilterNode(graph(), node, predicate), schema);
    }

    @Override
    public GroupedTable<T> groupBy(Expr<?>... keys) {
        Expr<?>[] copy = keys.clone();
        scope("groupBy").check(copy);
        return new GroupedTable<>() {
            @Override
            public <R> Table<R> reduce(Projection<R> projection) {
                ColumnScope.ofReduce(ColumnScope.on("groupBy(...).reduce", schema), schema).check(projection.fields());
                return new DataflowTable<>(new GroupByNode(graph(), node, copy, projection), projection.schema());
            }
        };
    }

    @Override
    public <U> JoinResult<T, U> join(Table<U> right, JoinKind kind, List<JoinOn<T, U>> on) {
        if (on.isEmpty()) {
            throw new IllegalArgumentException("a join needs at least one JoinOn condition");
        }
        EngineTable<U> other = EngineTable.of(right);
        String join = "join of Table<" + schema.name() + "> with Table<" + other.schema().name() + ">";
        String order = "JoinOn.of takes a column of the left table (" + schema.name() + ") first, then one of the right table ("
                + other.schema().name() + ")";
        for (int i = 0; i < on.size(); i++) {
            ColumnScope.of(join + ": the left side of condition " + (i + 1), schema, order).check(on.get(i).left());
            ColumnScope.of(join + ": the right side of condition " + (i + 1), other.schema(), order).check(on.get(i).right());
        }
        Expr<?>[] leftExprs = on.stream().map(JoinOn::left).toArray(Expr<?>[]::new);
        Expr<?>[] rightExprs = on.stream().map(JoinOn::right).toArray(Expr<?>[]::new);
        JoinNode joinNode = new JoinNode(graph(), node, other.node(), new ValueKeys(leftExprs), new ValueKeys(rightExprs), kind,
                schema, other.schema());
        return new DataflowJoinResult<>(joinNode, schema, other.schema());
    }

    @Override
    public Table<T> concat(Table<T> other) {
        return combine("concat", other, (key, left, right) -> {
            if (left != null && right != null) {
                throw new KeyClashException("concat: key " + Long.toHexString(key) + " is in both tables (" + left + " and " + right
                        + "); give the rows distinct keys (withIdFrom(...)) before concat");
            }
            return left != null ? left : right;
        });
    }

    @Override
    public Table<T> updateRows(Table<T> other) {
        return combine("update-rows", other, (key, left, right) -> right != null ? right : left);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U> Table<T> updateCells(Table<U> patch, List<CellUpdate<T, U>> updates) {
        RowSchema<U> patchSchema = EngineTable.of(patch).schema();
        String update = "updateCells of Table<" + schema.name() + "> from Table<" + patchSchema.name() + ">";
        String order = "CellUpdate.set takes a column of the updated table (" + schema.name() + ") first, then one of the patch ("
                + patchSchema.name() + ")";
        for (CellUpdate<T, U> cell : updates) {
            ColumnScope.of(update + ": a target", schema, order).check(cell.target());
            ColumnScope.of(update + ": a source", patchSchema, order).check(cell.source());
        }
        int[] targets = updates.stream().mapToInt(u -> u.target().index()).toArray();
        List<Column<U, ?>> sources = updates.stream().<Column<U, ?>>map(CellUpdate::source).toList();
        String cells = Canonical.list(updates, cell -> Canonical.expr(cell.target()) + "<-" + Canonical.expr(cell.source()));
        return combine("update-cells", patch, definition -> definition.param("cells", cells), (key, left, right) -> {
            if (left == null) {
                return null;
            }
            if (right == null) {
                return left;
            }
            Object[] values = new Object[schema.fields().size()];
            for (int f = 0; f < values.length; f++) {
                values[f] = schema.get((T) left, f);
            }
            for (int u = 0; u < targets.length; u++) {
                values[targets[u]] = sources.get(u).eval(right);
            }
            return schema.build(values);
        });
    }

    @Override
    public <U> Table<T> restrict(Table<U> keys) {
        return combine("restrict", keys, (key, left, right) -> right != null ? left : null);
    }

    @Override
    public <U> Table<T> intersect(Table<U> other) {
        return combine("intersect", other, (key, left, right) -> right != null ? left : null);
    }

    @Override
    public <U> Table<T> difference(Table<U> other) {
        return combine("difference", other, (key, left, right) -> right == null ? left : null);
    }

    private <U> Table<T> combine(String kind, Table<U> other, KeyedCombineNode.Combiner combiner) {
        return combine(kind, other, definition -> definition, combiner);
    }

    /** A combine whose definition adds {@code parameters} to its kind and schemas. */
    private <U> Table<T> combine(String kind, Table<U> other, java.util.function.UnaryOperator<OperatorDefinition> parameters,
                                 KeyedCombineNode.Combiner combiner) {
        EngineTable<U> right = EngineTable.of(other);
        return new DataflowTable<>(new KeyedCombineNode(graph(), kind, node, right.node(), schema, right.schema(), combiner,
                parameters), schema);
    }

    @Override
    public <V> Table<T> deduplicate(Expr<V> value, BiPredicate<? super V, ? super V> acceptor, Expr<?>... instance) {
        scope("deduplicate").check(value);
        scope("deduplicate").check(instance);
        return new DataflowTable<>(new DeduplicateNode(graph(), node, value, new ValueKeys(instance), acceptor, schema), schema);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V, R> Table<R> flatten(Column<T, List<V>> column, RowSchema<R> out, BiFunction<? super T, ? super V, ? extends R> build) {
        scope("flatten").check(column);
        return new DataflowTable<>(new FlattenNode(graph(), node, row -> column.get((T) row),
                (row, item) -> build.apply((T) row, (V) item), new OperatorDefinition("flatten").expr("column", column)
                        .function("build", build).schema("into", out).text()), out);
    }

    @Override
    public Table<T> withIdFrom(Expr<?>... keys) {
        scope("withIdFrom").check(keys);
        return new DataflowTable<>(new RekeyNode(graph(), node, new ValueKeys(keys)), schema);
    }

    @Override
    public Table<T> named(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,128}") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("operator name \"" + name + "\" must be 1 to 128 characters of [A-Za-z0-9._-]");
        }
        if (!(node instanceof Stateful stateful) || !stateful.hasState()) {
            throw new IllegalArgumentException("named(\"" + name + "\"): " + node.kind() + " keeps no state, so there is nothing to"
                    + " name; name a stateful operator (groupBy, join, deduplicate, ...)");
        }
        node.name(name);
        return this;
    }

    private <R> Table<R> selectWithLookups(Projection<R> projection, List<LookupTable<?>> lookups) {
        List<Expr<?>> fields = projection.fields();
        if (!AsyncCall.in(fields).isEmpty()) {
            throw new IllegalArgumentException("a select with both ix and an async UDF: select the async UDF's result into a column first");
        }
        RowSchema<R> out = projection.schema();
        Function<Object, Object> build = row -> {
            Object[] values = new Object[fields.size()];
            for (int f = 0; f < values.length; f++) {
                values[f] = fields.get(f).eval(row);
            }
            return out.build(values);
        };
        return new DataflowTable<>(new LookupSelectNode(graph(), node, new Lookups(node, lookups), fields, build, schema, out), out);
    }

    @Override
    public Lookup<T> ix(Expr<Long> key) {
        return ix(key, false);
    }

    @Override
    public Lookup<T> ix(Expr<Long> key, boolean optional) {
        return LookupTable.byKey(this, key, optional);
    }

    @Override
    public Lookup<T> ixRef(Expr<?>... values) {
        return LookupTable.byValues(this, List.of(values), false);
    }

    @Override
    public Lookup<T> ixRefOptional(Expr<?>... values) {
        return LookupTable.byValues(this, List.of(values), true);
    }

    @Override
    public Table<Neighbors> sort(Expr<?> key, Expr<?>... instance) {
        scope("sort").check(key);
        scope("sort").check(instance);
        return new DataflowTable<>(new SortNode(graph(), node, key, new ValueKeys(instance)), Neighbors_.SCHEMA);
    }

    @Override
    public String toString() {
        return "Table<" + schema.name() + "> from " + node;
    }
}
