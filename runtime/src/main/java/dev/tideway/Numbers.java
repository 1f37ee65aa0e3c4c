package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Numeric functions, as Pathway's {@code .num} namespace: absolute value, rounding, floor and
 * ceiling, powers, roots and logarithms, and NaN handling. Integer functions that would overflow stop
 * the run with {@link ArithmeticException} (as {@link Math#absExact}, {@link Math#multiplyExact} do)
 * rather than wrap around. A function of a null value gives null.
 *
 * <pre>{@code
 * import static dev.tideway.Numbers.*;
 *
 * readings.select(Rounded_.of(Reading_.sensor, round(Reading_.value, 2), floorToLong(Reading_.value)))
 * }</pre>
 */
public final class Numbers {
    private Numbers() {}

    private static final ValueType<Long> LONG = ValueTypes.nullable(ValueTypes.LONG);
    private static final ValueType<Integer> INT = ValueTypes.nullable(ValueTypes.INT);
    private static final ValueType<Double> DOUBLE = ValueTypes.nullable(ValueTypes.DOUBLE);

    /** The absolute value of a long. */
    public static Expr<Long> abs(Expr<Long> x) {
        return Operation.unary(LONG, "numbers.abs", x, Math::absExact);
    }

    /** The absolute value of an int. */
    public static Expr<Integer> absInt(Expr<Integer> x) {
        return Operation.unary(INT, "numbers.absInt", x, Math::absExact);
    }

    /** The absolute value of a double. */
    public static Expr<Double> absDouble(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.absDouble", x, Math::abs);
    }

    /**
     * The double rounded to {@code digits} decimal places (negative: to tens, hundreds...), half up
     * on its shortest decimal form, so {@code round(2.675, 2)} is {@code 2.68} as written, not
     * {@code 2.67} as its binary value would give. NaN and infinities are kept.
     */
    public static Expr<Double> round(Expr<Double> x, int digits) {
        return Operation.withConstants(DOUBLE, "numbers.round", x, List.of(digits), v -> Double.isFinite(v)
                ? BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP).doubleValue() : v);
    }

    /**
     * The nearest long, half up, as {@link Math#round(double)}.
     *
     * @throws ArithmeticException at run time for NaN or a value out of the long range
     */
    public static Expr<Long> roundToLong(Expr<Double> x) {
        return Operation.unary(LONG, "numbers.roundToLong", x, v -> exactLong(v, Math.round(v)));
    }

    /** The greatest integer at or below the value, as a double. */
    public static Expr<Double> floor(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.floor", x, Math::floor);
    }

    /** The least integer at or above the value, as a double. */
    public static Expr<Double> ceil(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.ceil", x, Math::ceil);
    }

    /** The greatest long at or below the value. */
    public static Expr<Long> floorToLong(Expr<Double> x) {
        return Operation.unary(LONG, "numbers.floorToLong", x, v -> exactLong(v, (long) Math.floor(v)));
    }

    /** The least long at or above the value. */
    public static Expr<Long> ceilToLong(Expr<Double> x) {
        return Operation.unary(LONG, "numbers.ceilToLong", x, v -> exactLong(v, (long) Math.ceil(v)));
    }

    private static long exactLong(double v, long result) {
        if (Double.isNaN(v) || v >= 0x1p63 || v < -0x1p63) {
            throw new ArithmeticException(v + " is not in the range of a long");
        }
        return result;
    }

    /** {@code base} to the power {@code exponent}, as {@link Math#pow}. */
    public static Expr<Double> pow(Expr<Double> base, Expr<Double> exponent) {
        return Operation.binary(DOUBLE, "numbers.pow", base, exponent, Math::pow);
    }

    /**
     * A long to a non-negative int power, exactly.
     *
     * @throws IllegalArgumentException when the exponent is negative
     */
    public static Expr<Long> pow(Expr<Long> base, int exponent) {
        if (exponent < 0) {
            throw new IllegalArgumentException("pow(" + base + ", " + exponent + "): a long's exponent must be 0 or more; use the double pow");
        }
        return Operation.withConstants(LONG, "numbers.pow", base, List.of(exponent), b -> {
            long result = 1;
            for (int i = 0; i < exponent; i++) {
                result = Math.multiplyExact(result, b);
            }
            return result;
        });
    }

    /** The square root (NaN for a negative value). */
    public static Expr<Double> sqrt(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.sqrt", x, Math::sqrt);
    }

    /** The natural logarithm (NaN for a negative value, -Infinity for 0). */
    public static Expr<Double> log(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.log", x, Math::log);
    }

    /** The base-10 logarithm. */
    public static Expr<Double> log10(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.log10", x, Math::log10);
    }

    /** e to the power of the value. */
    public static Expr<Double> exp(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.exp", x, Math::exp);
    }

    /** The sign: -1.0, 0.0 or 1.0. */
    public static Expr<Double> signum(Expr<Double> x) {
        return Operation.unary(DOUBLE, "numbers.signum", x, Math::signum);
    }

    /** Whether the value is NaN (false for null). */
    public static Expr<Boolean> isNaN(Expr<Double> x) {
        return new Operation<>(ValueTypes.BOOLEAN, "isNaN(" + x + ")", "numbers.isNaN", null, List.of(x), row -> {
            Double v = x.eval(row);
            return v != null && v.isNaN();
        });
    }

    /** The value, or {@code replacement} where it is NaN or null, as Pathway's {@code num.fill_na}. */
    public static Expr<Double> fillNaN(Expr<Double> x, double replacement) {
        return new Operation<>(ValueTypes.DOUBLE, "fillNaN(" + x + ", " + replacement + ")", "numbers.fillNaN",
                Canonical.constant(replacement), List.of(x), row -> {
            Double v = x.eval(row);
            return v == null || v.isNaN() ? replacement : v;
        });
    }

    /** The sum of two ints (exact: overflow stops the run). */
    public static Expr<Integer> plusInt(Expr<Integer> a, Expr<Integer> b) {
        return Operation.binary(INT, "numbers.plusInt", a, b, Math::addExact);
    }

    /** The product of two ints (exact). */
    public static Expr<Integer> timesInt(Expr<Integer> a, Expr<Integer> b) {
        return Operation.binary(INT, "numbers.timesInt", a, b, Math::multiplyExact);
    }

    /** The least of two longs. */
    public static Expr<Long> min(Expr<Long> a, Expr<Long> b) {
        return Operation.binary(LONG, "numbers.min", a, b, Math::min);
    }

    /** The greatest of two longs. */
    public static Expr<Long> max(Expr<Long> a, Expr<Long> b) {
        return Operation.binary(LONG, "numbers.max", a, b, Math::max);
    }
}
