package dev.tideway.internal.engine;

import dev.tideway.Expr;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;

/**
 * Keys made of the values of expressions (group keys, join keys, {@code withIdFrom}): the values are
 * encoded with their value types and hashed, so equal values give equal keys in every run.
 */
public final class ValueKeys {
    private final Expr<?>[] exprs;
    private final BinaryWriter scratch = new BinaryWriter();

    public ValueKeys(Expr<?>... exprs) {
        this.exprs = exprs.clone();
    }

    /** The same keys with a scratch buffer of their own, for a node's copy on another thread. */
    public ValueKeys copy() {
        return new ValueKeys(exprs);
    }

    public int arity() {
        return exprs.length;
    }

    public Expr<?> expr(int i) {
        return exprs[i];
    }

    /** The values of the expressions on a row. */
    public Object[] values(Object row) {
        return values(row, new Object[exprs.length]);
    }

    /** The values of the expressions on a row, in {@code into} (of length {@link #arity}), which it returns. */
    public Object[] values(Object row, Object[] into) {
        for (int i = 0; i < exprs.length; i++) {
            into[i] = exprs[i].eval(row);
        }
        return into;
    }

    /** The key of a row, from the values of the expressions on it. */
    public long keyOf(Object row) {
        scratch.reset();
        for (Expr<?> expr : exprs) {
            write(scratch, expr.type(), expr.eval(row));
        }
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    /** The key of values already computed. */
    public long keyOfValues(Object[] values) {
        scratch.reset();
        for (int i = 0; i < exprs.length; i++) {
            write(scratch, exprs[i].type(), values[i]);
        }
        return KeyHasher.hash(scratch.buffer(), scratch.size());
    }

    public void writeValues(BinaryWriter out, Object[] values) {
        for (int i = 0; i < exprs.length; i++) {
            write(out, exprs[i].type(), values[i]);
        }
    }

    public Object[] readValues(BinaryReader in) {
        Object[] values = new Object[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
            values[i] = in.readBoolean() ? exprs[i].type().read(in) : null;
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static void write(BinaryWriter out, ValueType<?> type, Object value) {
        out.writeBoolean(value != null);
        if (value != null) {
            ((ValueType<Object>) type).write(out, value);
        }
    }

    /** The expressions' canonical texts, as {@code [a,b]}. */
    /** Whether every key expression gives the same value for the same row (no non-deterministic function in it). */
    public boolean deterministic() {
        for (Expr<?> expr : exprs) {
            if (!expr.deterministic()) {
                return false;
            }
        }
        return true;
    }

    public String canonicalForm() {
        return dev.tideway.internal.engine.identity.Canonical.exprs(exprs);
    }

    @Override
    public String toString() {
        return java.util.Arrays.toString(exprs);
    }
}
