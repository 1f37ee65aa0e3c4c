package dev.tideway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.Comparator;
import java.util.List;

/**
 * Two values of one row, the input of the reducers that reduce one expression by another
 * ({@code argMin(by, of)}, {@code latestBy(time, of)}).
 */
record Pair<A, B>(A first, B second) {
    /** The expression of both values on a row. */
    static <A, B> Expr<Pair<A, B>> of(Expr<A> first, Expr<B> second) {
        return new Operation<>(new PairType<>(first.type(), second.type()), "(" + first + ", " + second + ")", "pair", null, List.of(first, second),
                row -> new Pair<>(first.eval(row), second.eval(row)));
    }

    /** Pairs in binary (each value nullable); they have no text form. */
    private static final class PairType<A, B> extends ValueType<Pair<A, B>> {
        private final ValueType<A> first;
        private final ValueType<B> second;

        PairType(ValueType<A> first, ValueType<B> second) {
            super("pair<" + first.descriptor() + "," + second.descriptor() + ">", false);
            this.first = first;
            this.second = second;
        }

        @Override public void write(BinaryWriter out, Pair<A, B> value) {
            writeNullable(out, first, value.first());
            writeNullable(out, second, value.second());
        }

        @Override public Pair<A, B> read(BinaryReader in) {
            A a = in.readBoolean() ? first.read(in) : null;
            return new Pair<>(a, in.readBoolean() ? second.read(in) : null);
        }

        private static <X> void writeNullable(BinaryWriter out, ValueType<X> type, X value) {
            out.writeBoolean(value != null);
            if (value != null) {
                type.write(out, value);
            }
        }

        @Override public Pair<A, B> parseText(String text) { throw noText(); }
        @Override public String formatText(Pair<A, B> value) { return "(" + value.first() + ", " + value.second() + ")"; }
        @Override public void writeJson(JsonGenerator out, Pair<A, B> value) { throw noText(); }
        @Override public Pair<A, B> readJson(JsonParser in) { throw noText(); }
        @Override public Comparator<? super Pair<A, B>> comparator() { return null; }

        private UnsupportedOperationException noText() {
            return new UnsupportedOperationException(descriptor() + " is a reducer's input; it has no text or JSON form");
        }
    }
}
