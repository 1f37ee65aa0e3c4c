package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Exact decimal arithmetic on {@link BigDecimal}: money and quantities that must not drift as
 * doubles do. Addition, subtraction and multiplication are exact; division and rounding take a scale
 * (digits after the point) and a {@link RoundingMode}. Comparisons are by value, so {@code 1.0} equals
 * {@code 1.00} here (where {@link Expr#eq} compares with {@code equals}, which also compares scale).
 * A function of a null value gives null; division by zero gives null, as {@link Exprs#div} does.
 *
 * <pre>{@code
 * import static dev.tideway.Decimals.*;
 *
 * lines.select(Total_.of(Line_.order, setScale(times(Line_.price, toDecimal(Line_.qty)), 2, RoundingMode.HALF_EVEN)))
 * }</pre>
 */
public final class Decimals {
    private Decimals() {}

    private static final ValueType<BigDecimal> DECIMAL = ValueTypes.nullable(ValueTypes.BIG_DECIMAL);

    /** A decimal constant, from its text ({@code "19.90"}) so that its scale is the one written. */
    public static Expr<BigDecimal> lit(String value) {
        BigDecimal decimal = ValueTypes.BIG_DECIMAL.parseText(value);
        return Exprs.lit(decimal, ValueTypes.BIG_DECIMAL);
    }

    /** The exact sum. */
    public static Expr<BigDecimal> plus(Expr<BigDecimal> a, Expr<BigDecimal> b) {
        return Operation.binary(DECIMAL, "decimals.plus", a, b, BigDecimal::add);
    }

    /** The exact difference. */
    public static Expr<BigDecimal> minus(Expr<BigDecimal> a, Expr<BigDecimal> b) {
        return Operation.binary(DECIMAL, "decimals.minus", a, b, BigDecimal::subtract);
    }

    /** The exact product (its scale is the sum of the scales). */
    public static Expr<BigDecimal> times(Expr<BigDecimal> a, Expr<BigDecimal> b) {
        return Operation.binary(DECIMAL, "decimals.times", a, b, BigDecimal::multiply);
    }

    /**
     * The quotient with {@code scale} digits after the point, rounded by {@code rounding}; division by
     * zero gives null.
     */
    public static Expr<BigDecimal> divide(Expr<BigDecimal> a, Expr<BigDecimal> b, int scale, RoundingMode rounding) {
        return new Operation<>(DECIMAL, "divide(" + a + ", " + b + ", " + scale + ", " + rounding + ")", "decimals.divide",
                Canonical.constants(List.of(scale, rounding)), List.of(a, b), row -> {
            BigDecimal x = a.eval(row);
            BigDecimal y = b.eval(row);
            return x == null || y == null || y.signum() == 0 ? null : x.divide(y, scale, rounding);
        });
    }

    /**
     * The value with {@code scale} digits after the point, rounded by {@code rounding}.
     *
     * @throws ArithmeticException at run time with {@code RoundingMode.UNNECESSARY} and a value that needs rounding
     */
    public static Expr<BigDecimal> setScale(Expr<BigDecimal> x, int scale, RoundingMode rounding) {
        return Operation.withConstants(DECIMAL, "decimals.setScale", x, List.of(scale, rounding), v -> v.setScale(scale, rounding));
    }

    /** The value rounded to {@code precision} significant digits. */
    public static Expr<BigDecimal> round(Expr<BigDecimal> x, int precision, RoundingMode rounding) {
        MathContext context = new MathContext(precision, rounding);
        return Operation.withConstants(DECIMAL, "decimals.round", x, List.of(precision, rounding), v -> v.round(context));
    }

    /** The value with its sign changed. */
    public static Expr<BigDecimal> negate(Expr<BigDecimal> x) {
        return Operation.unary(DECIMAL, "decimals.negate", x, BigDecimal::negate);
    }

    /** The value without its sign. */
    public static Expr<BigDecimal> abs(Expr<BigDecimal> x) {
        return Operation.unary(DECIMAL, "decimals.abs", x, BigDecimal::abs);
    }

    /** The value without trailing zeros after the point ({@code 1.50} is {@code 1.5}). */
    public static Expr<BigDecimal> stripTrailingZeros(Expr<BigDecimal> x) {
        return Operation.unary(DECIMAL, "decimals.stripTrailingZeros", x, BigDecimal::stripTrailingZeros);
    }

    /** -1, 0 or 1 as {@code a} is less than, equal to (by value) or greater than {@code b}. */
    public static Expr<Integer> compare(Expr<BigDecimal> a, Expr<BigDecimal> b) {
        return Operation.binary(ValueTypes.nullable(ValueTypes.INT), "decimals.compare", a, b, (x, y) -> Integer.signum(x.compareTo(y)));
    }

    /** Whether the values are equal by value, whatever their scales; false when either is null. */
    public static Expr<Boolean> eq(Expr<BigDecimal> a, Expr<BigDecimal> b) {
        return new Operation<>(ValueTypes.BOOLEAN, "eq(" + a + ", " + b + ")", "decimals.eq", null, List.of(a, b), row -> {
            BigDecimal x = a.eval(row);
            BigDecimal y = b.eval(row);
            return x != null && y != null && x.compareTo(y) == 0;
        });
    }

    /** A number as an exact decimal: integers exactly, doubles by their shortest decimal form ({@code 0.1} is {@code 0.1}). */
    public static Expr<BigDecimal> toDecimal(Expr<? extends Number> x) {
        return Operation.unary(DECIMAL, "decimals.toDecimal", x, n -> n instanceof Double || n instanceof Float
                ? BigDecimal.valueOf(n.doubleValue()) : n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue()));
    }

    /** The nearest double. */
    public static Expr<Double> toDouble(Expr<BigDecimal> x) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.DOUBLE), "decimals.toDouble", x, BigDecimal::doubleValue);
    }

    /**
     * The value as a long, exactly.
     *
     * @throws ArithmeticException at run time for a value with a fraction or out of the long range
     */
    public static Expr<Long> toLongExact(Expr<BigDecimal> x) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.LONG), "decimals.toLongExact", x, BigDecimal::longValueExact);
    }

    /** The scale: the number of digits after the point. */
    public static Expr<Integer> scale(Expr<BigDecimal> x) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.INT), "decimals.scale", x, BigDecimal::scale);
    }
}
