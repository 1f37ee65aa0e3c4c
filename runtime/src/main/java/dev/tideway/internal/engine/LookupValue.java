package dev.tideway.internal.engine;

import dev.tideway.Column;
import dev.tideway.Expr;
import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.CanonicalForm;
import dev.tideway.schema.ValueType;
import java.util.List;

/**
 * A column of a looked-up row ({@code table.ix(key).get(column)}). Its operands are the key's
 * expressions, which read the row being selected; the column reads the row looked up.
 *
 * @param <V> the column's type
 */
final class LookupValue<V> implements Expr<V>, CanonicalForm {
    private final LookupTable<?> table;
    private final Column<?, V> column;

    LookupValue(LookupTable<?> table, Column<?, V> column) {
        this.table = table;
        this.column = column;
    }

    LookupTable<?> table() {
        return table;
    }

    @Override
    public ValueType<V> type() {
        return column.type();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public V eval(Object row) {
        return (V) ((LookupTable) table).read(row, column);
    }

    @Override
    public List<Expr<?>> operands() {
        return table.keyExprs();
    }

    /** {@code lookup[input1,ix,$name:string]:string($parent:long)}: which lookup, the column read, and the key's expressions. */
    @Override
    public String canonicalForm() {
        return Canonical.call("lookup", table.canonicalReference() + "," + Canonical.expr(column), column.type().descriptor(),
                table.keyExprs());
    }

    @Override
    public String toString() {
        return table.describeKey() + "." + column;
    }
}
