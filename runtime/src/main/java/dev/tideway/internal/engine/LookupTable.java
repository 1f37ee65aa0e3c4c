package dev.tideway.internal.engine;

import dev.tideway.Column;
import dev.tideway.Expr;
import dev.tideway.Lookup;
import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * One lookup of a select: the table looked up (its node and schema), how the key is computed from
 * the row being selected ({@code ix}: an expression giving the key; {@code ixRef}: values hashed as
 * the table's keys were), and whether a missing row is allowed. While the select evaluates a row,
 * the row found is bound here and read by the lookup's {@link LookupValue}s.
 *
 * @param <U> the row type of the table looked up
 */
public final class LookupTable<U> implements Lookup<U> {
    private final Node node;
    private final RowSchema<U> schema;
    private final List<Expr<?>> keyExprs;
    private final boolean byValues;
    private final boolean optional;
    private final BinaryWriter scratch = new BinaryWriter();
    private Object boundRow;
    private Object found;
    private long boundKey;
    private boolean bound;

    private LookupTable(Node node, RowSchema<U> schema, List<Expr<?>> keyExprs, boolean byValues, boolean optional) {
        this.node = node;
        this.schema = schema;
        this.keyExprs = List.copyOf(keyExprs);
        this.byValues = byValues;
        this.optional = optional;
    }

    /** {@code table.ix(key)}: the row whose key is the value of {@code key}. */
    public static <U> LookupTable<U> byKey(EngineTable<U> table, Expr<Long> key, boolean optional) {
        return new LookupTable<>(table.node(), table.schema(), List.of(key), false, optional);
    }

    /**
     * {@code table.ixRef(values)}: the row whose key is made of {@code values} as the table's keys
     * are: by its {@code @PrimaryKey} when its record has one (the values then match the key's
     * components in order and type), else as {@code withIdFrom} makes keys.
     *
     * @throws IllegalArgumentException when the values do not match the primary key's components
     */
    public static <U> LookupTable<U> byValues(EngineTable<U> table, List<Expr<?>> values, boolean optional) {
        RowSchema<U> schema = table.schema();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("ixRef on Table<" + schema.name() + "> needs at least one value");
        }
        if (schema.hasPrimaryKey()) {
            List<FieldDescriptor> keyFields = schema.fields().stream().filter(FieldDescriptor::primaryKey).toList();
            boolean match = keyFields.size() == values.size();
            for (int i = 0; match && i < values.size(); i++) {
                match = bare(values.get(i).type()).equals(bare(keyFields.get(i).type()));
            }
            if (!match) {
                throw new IllegalArgumentException("ixRef on Table<" + schema.name() + ">: its rows are keyed by the primary key "
                        + keyFields.stream().map(f -> f.name() + " " + f.type().descriptor()).toList() + ", but the values given are "
                        + values.stream().map(v -> v + " " + v.type().descriptor()).toList() + "; give one value per key component, in order");
            }
        }
        return new LookupTable<>(table.node(), schema, values, true, optional);
    }

    private static String bare(ValueType<?> type) {
        String d = type.descriptor();
        return d.startsWith("nullable<") ? d.substring("nullable<".length(), d.length() - 1) : d;
    }

    public Node node() {
        return node;
    }

    public RowSchema<U> schema() {
        return schema;
    }

    /** The expressions evaluated on the selected row to find the key. */
    public List<Expr<?>> keyExprs() {
        return keyExprs;
    }

    @Override
    public <V> Expr<V> get(Column<U, V> column) {
        return new LookupValue<>(this, column);
    }

    /**
     * The key looked up for a row, or null when a value it is made of is null (nothing is looked
     * up: the columns read null).
     */
    @SuppressWarnings("unchecked")
    public Long keyOf(Object row) {
        if (!byValues) {
            return (Long) keyExprs.get(0).eval(row);
        }
        scratch.reset();
        List<FieldDescriptor> keyFields = schema.hasPrimaryKey() ? schema.fields().stream().filter(FieldDescriptor::primaryKey).toList() : null;
        for (int i = 0; i < keyExprs.size(); i++) {
            Object value = keyExprs.get(i).eval(row);
            if (keyFields != null) {
                if (value == null) {
                    return null;
                }
                ((ValueType<Object>) keyFields.get(i).type()).write(scratch, value);
            } else {
                scratch.writeBoolean(value != null);
                if (value != null) {
                    ((ValueType<Object>) keyExprs.get(i).type()).write(scratch, value);
                }
            }
        }
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    /** Binds the row found for {@code row} (null: none), for {@link #read}. */
    void bind(Object row, Long key, Object foundRow) {
        this.boundRow = row;
        this.boundKey = key == null ? 0 : key;
        this.bound = key != null;
        this.found = foundRow;
    }

    void unbind() {
        this.boundRow = null;
        this.found = null;
    }

    /** A column of the row bound for {@code row}. */
    @SuppressWarnings("unchecked")
    <V> V read(Object row, Column<U, V> column) {
        if (boundRow == null || boundRow != row) {
            throw new IllegalStateException("ix on Table<" + schema.name() + "> has a value only in a select of a table; select it into"
                    + " a column first, then filter, group or reduce on that column");
        }
        if (found == null) {
            if (optional || !bound) {
                return null;
            }
            throw new IllegalArgumentException("ix: no row of Table<" + schema.name() + "> has key " + Long.toHexString(boundKey)
                    + " (the value of " + describeKey() + " on " + row + "); make the lookup optional to read null there");
        }
        return column.get((U) found);
    }

    /**
     * How the lookup finds its row, for the canonical form of its columns: the looked-up table's
     * input port in the select ({@link Canonical#input}), {@code ix} or {@code ixRef}, and
     * {@code optional} when a missing row reads null: {@code input1,ix,optional}.
     */
    String canonicalReference() {
        return Canonical.input(node) + "," + (byValues ? "ixRef" : "ix") + (optional ? ",optional" : "");
    }

    /** The lookup in its select's definition, its reference and the looked-up rows' schema: {@code lookup[input1,ix](id string key, ...)}. */
    public String canonicalForm() {
        return "lookup[" + canonicalReference() + "]" + Canonical.schema(schema);
    }

    String describeKey() {
        return (byValues ? "ixRef" : "ix") + keyExprs;
    }

    @Override
    public String toString() {
        return describeKey() + " of " + schema.name() + (optional ? " optional" : "");
    }

    /** The lookups in expressions and their operands, each once, in the order met. */
    public static List<LookupTable<?>> in(List<? extends Expr<?>> exprs) {
        List<LookupTable<?>> found = new ArrayList<>();
        for (Expr<?> expr : exprs) {
            collect(expr, found);
        }
        return found;
    }

    private static void collect(Expr<?> expr, List<LookupTable<?>> found) {
        if (expr instanceof LookupValue<?> value && found.stream().noneMatch(t -> t == value.table())) {
            found.add(value.table());
        }
        for (Expr<?> operand : expr.operands()) {
            collect(operand, found);
        }
    }
}
