package dev.tideway.internal.engine.time;

import dev.tideway.AsofDirection;
import dev.tideway.Behavior;
import dev.tideway.Expr;
import dev.tideway.GroupedTable;
import dev.tideway.Interval;
import dev.tideway.JoinKind;
import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Projection;
import dev.tideway.Table;
import dev.tideway.TemporalJoin;
import dev.tideway.Window;
import dev.tideway.WindowedTable;
import dev.tideway.internal.engine.ColumnScope;
import dev.tideway.internal.engine.DataflowJoinResult;
import dev.tideway.internal.engine.EngineTable;
import dev.tideway.internal.engine.JoinedRow;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.ValueKeys;
import dev.tideway.internal.engine.ops.SelectNode;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Where the event-time methods of {@link Table} build their operators: checks what javac cannot
 * (that every column read belongs to the table read, as {@link ColumnScope} checks the other
 * operators'; a behaviour's lengths against the time column; the kinds of two time columns), then
 * adds the nodes to the table's graph.
 */
public final class EventTimeOperators {
    private EventTimeOperators() {}

    public static <T, V> WindowedTable<T, V> windowBy(Table<T> table, Window<V> window, Expr<V> time, Expr<?>[] instance) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(time, "time");
        EngineTable<T> in = EngineTable.of(table);
        scope("windowBy", in.schema()).check(time);
        scope("windowBy", in.schema()).check(instance);
        if (window.kind() == Window.Kind.INTERVALS_OVER) {
            RowSchema<?> probes = EngineTable.of(window.probes()).schema();
            ColumnScope.of(ColumnScope.on("windowBy", in.schema()) + ": the probe time of intervalsOver", probes,
                    "Window.intervalsOver takes a column of its probes table (" + probes.name() + ")").check(window.at());
        }
        EventTime eventTime = new EventTime(time, "windowBy");
        if (window.hasLengths() && window.temporal() != eventTime.kind().temporal()) {
            throw new IllegalArgumentException("windowBy: " + window + " has lengths for " + (window.temporal() ? "Instant or date" : "long")
                    + " times, but the time column " + time + " is a " + eventTime.kind());
        }
        String windows = "the windows of windowBy(" + window + ") on Table<" + in.schema().name() + ">";
        return new Windowed<>(in, window, eventTime, instance.clone(), Behavior.NONE, new Bound<>(time, "start", windows),
                new Bound<>(time, "end", windows), new Bound<>(time, "location", windows));
    }

    /** The check of the columns an operator reads on the rows of one table, as the other operators' ({@code DataflowTable}). */
    private static ColumnScope scope(String operator, RowSchema<?> rows) {
        return ColumnScope.of(ColumnScope.on(operator, rows), rows, "use a column of " + rows.name() + ", or join first");
    }

    public static <T> Table<T> appendOnly(Table<T> table) {
        EngineTable<T> in = EngineTable.of(table);
        if (!(in.node() instanceof dev.tideway.internal.engine.SourceNode<?> source)) {
            throw new IllegalArgumentException("appendOnly() declares how a source's data grows, so it applies to a table read from a source"
                    + " (Csv.read, JsonLines.read, PushSource...), not to " + table);
        }
        source.declareAppendOnly();
        return table;
    }

    public static <T> Table<T> withWatermark(Table<T> table, Expr<?> time, boolean temporal, long lateness) {
        EngineTable<T> in = EngineTable.of(table);
        EventTime eventTime = checked(time, temporal, "withWatermark", in.schema());
        return EngineTable.wrap(new WatermarkNode(in.node().graph(), in.node(), eventTime, lateness), in.schema());
    }

    public static <T> Table<T> forget(Table<T> table, Expr<?> time, boolean temporal, long threshold) {
        EngineTable<T> in = EngineTable.of(table);
        return EngineTable.wrap(new ForgetNode(in.node().graph(), in.node(), checked(time, temporal, "forget", in.schema()), threshold,
                in.schema()),
                in.schema());
    }

    public static <T> Table<T> ignoreLate(Table<T> table, Expr<?> time, boolean temporal, long threshold) {
        EngineTable<T> in = EngineTable.of(table);
        return EngineTable.wrap(new IgnoreLateNode(in.node().graph(), in.node(), checked(time, temporal, "ignoreLate", in.schema()), threshold),
                in.schema());
    }

    public static <T> Table<T> buffer(Table<T> table, Expr<?> time, boolean temporal, long threshold) {
        EngineTable<T> in = EngineTable.of(table);
        return EngineTable.wrap(new BufferNode(in.node().graph(), in.node(), checked(time, temporal, "buffer", in.schema()), threshold,
                in.schema()),
                in.schema());
    }

    public static <T> Table<T> streamToTable(Table<T> table, Expr<Boolean> isUpsert) {
        Objects.requireNonNull(isUpsert, "isUpsert");
        EngineTable<T> in = EngineTable.of(table);
        scope("streamToTable", in.schema()).check(isUpsert);
        return EngineTable.wrap(new StreamToTableNode(in.node().graph(), in.node(), isUpsert, in.schema()), in.schema());
    }

    public static <T, U> TemporalJoin<T, U> asofJoin(Table<T> left, Table<U> right, Expr<?> leftTime, Expr<?> rightTime) {
        return new Join<>(Join.Type.ASOF, EngineTable.of(left), EngineTable.of(right), leftTime, rightTime, null, null);
    }

    public static <T, U> TemporalJoin<T, U> intervalJoin(Table<T> left, Table<U> right, Expr<?> leftTime, Expr<?> rightTime,
                                                         Interval<?> interval) {
        Objects.requireNonNull(interval, "interval");
        return new Join<>(Join.Type.INTERVAL, EngineTable.of(left), EngineTable.of(right), leftTime, rightTime, interval, null);
    }

    public static <T, U> TemporalJoin<T, U> windowJoin(Table<T> left, Table<U> right, Expr<?> leftTime, Expr<?> rightTime, Window<?> window) {
        Objects.requireNonNull(window, "window");
        if (window.kind() == Window.Kind.INTERVALS_OVER) {
            throw new IllegalArgumentException("windowJoin pairs rows in tumbling, sliding or session windows, not in " + window
                    + "; for rows near each other in time, use intervalJoin");
        }
        return new Join<>(Join.Type.WINDOW, EngineTable.of(left), EngineTable.of(right), leftTime, rightTime, null, window);
    }

    /** An event time, a column of {@code rows}, whose kind fits lengths given as Durations ({@code temporal}) or longs. */
    private static EventTime checked(Expr<?> time, boolean temporal, String operator, RowSchema<?> rows) {
        Objects.requireNonNull(time, "time");
        scope(operator, rows).check(time);
        EventTime eventTime = new EventTime(time, operator);
        if (eventTime.kind().temporal() != temporal) {
            throw new IllegalArgumentException(operator + ": the time column " + time + " is a " + eventTime.kind() + " but the length was"
                    + " given as " + (temporal ? "a Duration" : "a long"));
        }
        return eventTime;
    }

    /**
     * {@code start()}, {@code end()} and {@code location()} of a windowed table: they stand for the
     * window's bounds as fields of its reduce, and are refused anywhere else when a pipeline is built.
     */
    private static final class Bound<V> implements Expr<V>, ColumnScope.Placeholder, dev.tideway.CanonicalForm {
        private final ValueType<V> type;
        private final String name;
        private final String windows;

        Bound(Expr<V> time, String name, String windows) {
            this.type = time.type();
            this.name = name;
            this.windows = windows;
        }

        @Override
        public String explanation() {
            return "the " + name + " of " + windows + ": it has a value only as a field of their reduce(...), not inside an"
                    + " expression or in another operator";
        }

        @Override
        public ValueType<V> type() {
            return type;
        }

        @Override
        public V eval(Object row) {
            throw new IllegalStateException("window." + name + "() stands for a window's bound: use it in the projection of the reduce"
                    + " of the windowed table it came from");
        }

        @Override
        public String canonicalForm() {
            return "window-" + name + ":" + type.descriptor() + "()";
        }

        @Override
        public String toString() {
            return "window." + name;
        }
    }

    private static final class Windowed<T, V> implements WindowedTable<T, V> {
        private final EngineTable<T> table;
        private final Window<V> window;
        private final EventTime time;
        private final Expr<?>[] instance;
        private final Behavior behavior;
        private final Bound<V> start;
        private final Bound<V> end;
        private final Bound<V> location;

        Windowed(EngineTable<T> table, Window<V> window, EventTime time, Expr<?>[] instance, Behavior behavior, Bound<V> start, Bound<V> end,
                 Bound<V> location) {
            this.table = table;
            this.window = window;
            this.time = time;
            this.instance = instance;
            this.behavior = behavior;
            this.start = start;
            this.end = end;
            this.location = location;
        }

        @Override
        public WindowedTable<T, V> withBehavior(Behavior newBehavior) {
            Objects.requireNonNull(newBehavior, "behavior");
            return new Windowed<>(table, window, time, instance, newBehavior, start, end, location);
        }

        @Override
        public Expr<V> start() {
            return start;
        }

        @Override
        public Expr<V> end() {
            return end;
        }

        @Override
        public Expr<V> location() {
            return location;
        }

        @Override
        public <R> Table<R> reduce(Projection<R> projection) {
            Objects.requireNonNull(projection, "projection");
            ColumnScope.ofReduce(ColumnScope.on("windowBy(...).reduce", table.schema()), table.schema()).check(projection.fields().stream()
                    .filter(field -> field != start && field != end && field != location).toList());
            Node input = table.node();
            TimeRules rules = TimeRules.of(behavior, time.kind(), window.extent(), "windowBy", time);
            WindowProjection output = new WindowProjection("windowBy", projection, instance,
                    new WindowProjection.Bounds(start, end, location), time.kind());
            Node node = switch (window.kind()) {
                case TUMBLING, SLIDING -> new WindowNode(input.graph(), input, time, window, output, rules);
                case SESSION -> {
                    if (!window.hasLengths() && (rules.hasCutoff() || rules.exactlyOnce())) {
                        throw new IllegalArgumentException("windowBy: a session given by a predicate has no bound on how far it may grow,"
                                + " so it cannot take a cutoff or an exactly-once behaviour (" + behavior + "); use Window.session(maxGap)");
                    }
                    yield new SessionWindowNode(input.graph(), input, table.schema(), time, window, output, rules);
                }
                case INTERVALS_OVER -> {
                    EventTime at = new EventTime(window.at(), "windowBy(intervalsOver)");
                    if (at.kind() != time.kind()) {
                        throw new IllegalArgumentException("windowBy(intervalsOver): the probe times " + window.at() + " are a " + at.kind()
                                + " but the time column " + time + " is a " + time.kind());
                    }
                    Node probes = EngineTable.of(window.probes()).node();
                    yield new IntervalsOverNode(input.graph(), input, probes, table.schema(), time, at, window, output, rules);
                }
            };
            return EngineTable.wrap(node, projection.schema());
        }
    }

    private static final class Join<T, U> implements TemporalJoin<T, U> {
        enum Type {
            ASOF("asofJoin"), INTERVAL("intervalJoin"), WINDOW("windowJoin");

            final String operator;

            Type(String operator) {
                this.operator = operator;
            }
        }

        private final Type type;
        private final EngineTable<T> left;
        private final EngineTable<U> right;
        private final Expr<?> leftTime;
        private final Expr<?> rightTime;
        private final Interval<?> interval;
        private final Window<?> window;
        private final List<JoinOn<T, U>> on;
        private final JoinKind kind;
        private final Behavior behavior;
        private final AsofDirection direction;

        Join(Type type, EngineTable<T> left, EngineTable<U> right, Expr<?> leftTime, Expr<?> rightTime, Interval<?> interval,
             Window<?> window) {
            this(type, left, right, leftTime, rightTime, interval, window, List.of(), JoinKind.INNER, Behavior.NONE, AsofDirection.BACKWARD);
            String order = type.operator + " takes the time column of the left table (" + left.schema().name() + ") first, then that of"
                    + " the right table (" + right.schema().name() + ")";
            ColumnScope.of(name() + ": the left time", left.schema(), order).check(leftTime);
            ColumnScope.of(name() + ": the right time", right.schema(), order).check(rightTime);
        }

        /** The join, for messages: {@code asofJoin of Table<Trade> with Table<Quote>}. */
        private String name() {
            return type.operator + " of Table<" + left.schema().name() + "> with Table<" + right.schema().name() + ">";
        }

        private Join(Type type, EngineTable<T> left, EngineTable<U> right, Expr<?> leftTime, Expr<?> rightTime, Interval<?> interval,
                     Window<?> window, List<JoinOn<T, U>> on, JoinKind kind, Behavior behavior, AsofDirection direction) {
            this.type = type;
            this.left = left;
            this.right = right;
            this.leftTime = Objects.requireNonNull(leftTime, "leftTime");
            this.rightTime = Objects.requireNonNull(rightTime, "rightTime");
            this.interval = interval;
            this.window = window;
            this.on = on;
            this.kind = kind;
            this.behavior = behavior;
            this.direction = direction;
        }

        @Override
        public TemporalJoin<T, U> on(JoinOn<T, U> condition) {
            Objects.requireNonNull(condition, "condition");
            String number = " side of condition " + (on.size() + 1);
            String order = "JoinOn.of takes a column of the left table (" + left.schema().name() + ") first, then one of the right table ("
                    + right.schema().name() + ")";
            ColumnScope.of(name() + ": the left" + number, left.schema(), order).check(condition.left());
            ColumnScope.of(name() + ": the right" + number, right.schema(), order).check(condition.right());
            List<JoinOn<T, U>> conditions = new ArrayList<>(on);
            conditions.add(condition);
            return new Join<>(type, left, right, leftTime, rightTime, interval, window, List.copyOf(conditions), kind, behavior, direction);
        }

        @Override
        public TemporalJoin<T, U> kind(JoinKind newKind) {
            return new Join<>(type, left, right, leftTime, rightTime, interval, window, on, Objects.requireNonNull(newKind, "kind"),
                    behavior, direction);
        }

        @Override
        public TemporalJoin<T, U> withBehavior(Behavior newBehavior) {
            return new Join<>(type, left, right, leftTime, rightTime, interval, window, on, kind,
                    Objects.requireNonNull(newBehavior, "behavior"), direction);
        }

        @Override
        public TemporalJoin<T, U> direction(AsofDirection newDirection) {
            if (type != Type.ASOF) {
                throw new IllegalStateException("direction applies to as-of joins only, not to a " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " join");
            }
            return new Join<>(type, left, right, leftTime, rightTime, interval, window, on, kind, behavior,
                    Objects.requireNonNull(newDirection, "direction"));
        }

        @Override
        public <R> Table<R> select(Projection<R> projection) {
            Objects.requireNonNull(projection, "projection");
            ColumnScope.ofJoin("select on the pairs of " + name(), left.schema(), right.schema()).check(projection.fields());
            return pairs(joinNode(), projection, left.schema(), right.schema());
        }

        /** The pairs for which the predicate is true, as an equi-join's filter of its pairs. */
        @Override
        public JoinResult<T, U> filter(Expr<Boolean> predicate) {
            return new DataflowJoinResult<>(joinNode(), left.schema(), right.schema()).filter(predicate);
        }

        /** The pairs grouped, to reduce, as an equi-join's pairs are. */
        @Override
        public GroupedTable<JoinResult<T, U>> groupBy(Expr<?>... keys) {
            return new DataflowJoinResult<>(joinNode(), left.schema(), right.schema()).groupBy(keys);
        }

        /** The node that pairs the rows, once the times and conditions are known to fit. */
        private Node joinNode() {
            String operator = type.operator;
            EventTime lt = new EventTime(leftTime, operator);
            EventTime rt = new EventTime(rightTime, operator);
            if (lt.kind() != rt.kind()) {
                throw new IllegalArgumentException(operator + ": the left time " + leftTime + " is a " + lt.kind() + " but the right time "
                        + rightTime + " is a " + rt.kind() + "; join times of one type");
            }
            ValueKeys leftKeys = new ValueKeys(on.stream().map(JoinOn::left).toArray(Expr<?>[]::new));
            ValueKeys rightKeys = new ValueKeys(on.stream().map(JoinOn::right).toArray(Expr<?>[]::new));
            Node l = left.node();
            Node r = right.node();
            Node join = switch (type) {
                case ASOF -> new AsofJoinNode(l.graph(), l, r, lt, rt, leftKeys, rightKeys, kind, direction,
                        TimeRules.of(behavior, lt.kind(), 0, operator, leftTime), left.schema(), right.schema());
                case INTERVAL -> {
                    if (interval.temporal() != lt.kind().temporal()) {
                        throw new IllegalArgumentException(operator + ": the interval " + interval + " does not fit the time column " + leftTime
                                + ", a " + lt.kind());
                    }
                    yield new IntervalJoinNode(l.graph(), l, r, lt, rt, leftKeys, rightKeys, kind, interval,
                            TimeRules.of(behavior, lt.kind(), 0, operator, leftTime), left.schema(), right.schema());
                }
                case WINDOW -> {
                    if (window.kind() == Window.Kind.SESSION) {
                        if (behavior != Behavior.NONE) {
                            throw new IllegalArgumentException(operator + ": a join of sessions takes no behaviour (" + behavior + "): a"
                                    + " session has no end to measure a delay or a cutoff from until it is over");
                        }
                        if (window.hasLengths() && window.temporal() != lt.kind().temporal()) {
                            throw new IllegalArgumentException(operator + ": " + window + " does not fit the time column " + leftTime
                                    + ", a " + lt.kind());
                        }
                        yield new SessionJoinNode(l.graph(), l, r, lt, rt, leftKeys, rightKeys, kind, window, left.schema(),
                                right.schema());
                    }
                    if (window.temporal() != lt.kind().temporal()) {
                        throw new IllegalArgumentException(operator + ": " + window + " does not fit the time column " + leftTime + ", a "
                                + lt.kind());
                    }
                    yield new WindowJoinNode(l.graph(), l, r, lt, rt, leftKeys, rightKeys, kind, window,
                            TimeRules.of(behavior, lt.kind(), window.extent(), operator, leftTime), left.schema(), right.schema());
                }
            };
            return join;
        }
    }

    /** A select over the pairs a join emits, as the equi-join's select. */
    private static <R> Table<R> pairs(Node join, Projection<R> projection, RowSchema<?> leftSchema, RowSchema<?> rightSchema) {
        join.graph().outputRows(join, leftSchema, rightSchema);
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
        BiConsumer<Object, BinaryWriter> encoder = deterministic ? null : (row, writer) -> encodePair((JoinedRow) row, writer, leftSchema,
                rightSchema);
        return EngineTable.wrap(new SelectNode(join.graph(), join, build, out, encoder, SelectNode.fields(fields)), out);
    }

    @SuppressWarnings("unchecked")
    private static void encodePair(JoinedRow pair, BinaryWriter out, RowSchema<?> left, RowSchema<?> right) {
        out.writeBoolean(pair.left() != null);
        if (pair.left() != null) {
            ((RowSchema<Object>) left).encode(pair.left(), out);
        }
        out.writeBoolean(pair.right() != null);
        if (pair.right() != null) {
            ((RowSchema<Object>) right).encode(pair.right(), out);
        }
    }
}
