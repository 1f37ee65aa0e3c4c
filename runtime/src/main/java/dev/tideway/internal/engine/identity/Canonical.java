package dev.tideway.internal.engine.identity;

import dev.tideway.CanonicalForm;
import dev.tideway.Expr;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The canonical text of the parts of an operator's definition: expressions, schemas, constants and
 * user functions. It is the input of {@link OperatorIdentity} and is frozen with it (see
 * {@code docs/state-format.md}, "Operator identity").
 *
 * <pre>
 * expr     = column | side | call
 * column   = "$" name ":" type                       a component of the input row: $word:string
 * side     = ("left." | "right.") column              a component of one side of a join's pair
 * call     = function [ "[" detail "]" ] ":" type "(" [ expr { "," expr } ] ")"
 *            upper:string($word:string), lit["Apple"]:string(), udf[code:1f0c…]:boolean($word:string)
 * schema   = "(" description ")"                     the persisted field list: (word string, count long)
 * quoted   = '"' characters, with \" \\ and \\uXXXX escapes '"'
 * constant = quoted | integer | decimal | double | duration | zone | enum     a function's constant (see constant)
 *            "a", 12, 12.50, 0x1.8p1, f0x1.0p0, PT1H30M, zone"Europe/Paris", RoundingMode.HALF_UP
 * </pre>
 *
 * <p>An expression implemented outside Tideway (a class of the user's implementing {@link Expr})
 * has no canonical form of Tideway's: it is written as
 * {@code expr[<its class's name and code fingerprint>]:type(operands)}.
 *
 * <p>An expression that reads another input of its operator than the row it is evaluated on (a
 * lookup's column, {@code ix}) names that input by its port, {@code input<port>}: the operator
 * writes such expressions inside {@link #withInputs}, which tells them the ports.
 *
 * <p>Thread-safe: the ports of {@link #withInputs} are the calling thread's.
 */
public final class Canonical {
    private static final ThreadLocal<List<?>> INPUTS = new ThreadLocal<>();

    private Canonical() {}

    /**
     * The text {@code writer} gives while {@link #input} knows the ports of {@code inputs}, the
     * inputs of the operator being written, in port order.
     */
    public static String withInputs(List<?> inputs, Supplier<String> writer) {
        List<?> outer = INPUTS.get();
        INPUTS.set(inputs);
        try {
            return writer.get();
        } finally {
            if (outer == null) {
                INPUTS.remove();
            } else {
                INPUTS.set(outer);
            }
        }
    }

    /**
     * {@code input<port>}: the port of {@code input} among the inputs of the operator being written.
     *
     * @throws IllegalStateException outside {@link #withInputs}, or when {@code input} is not one of them
     */
    public static String input(Object input) {
        List<?> inputs = INPUTS.get();
        int port = -1;
        for (int i = 0; inputs != null && i < inputs.size(); i++) {
            if (inputs.get(i) == input) {
                port = i;
                break;
            }
        }
        if (port < 0) {
            throw new IllegalStateException("an expression that reads another table (ix) is written only by the operator that reads it");
        }
        return "input" + port;
    }

    /** The canonical text of an expression. */
    public static String expr(Expr<?> expr) {
        if (expr instanceof CanonicalForm form) {
            return form.canonicalForm();
        }
        return call("expr", FunctionIdentity.of(expr), expr.type().descriptor(), expr.operands());
    }

    /** The canonical texts of expressions, as {@code [a,b]}. */
    public static String exprs(List<? extends Expr<?>> exprs) {
        return list(exprs, Canonical::expr);
    }

    /** The canonical texts of expressions, as {@code [a,b]}. */
    public static String exprs(Expr<?>... exprs) {
        return exprs(List.of(exprs));
    }

    /** A call of a function with a detail (a constant, a UDF's identity) or null, and operands. */
    public static String call(String function, String detail, String type, List<? extends Expr<?>> operands) {
        StringBuilder text = new StringBuilder(function);
        if (detail != null) {
            text.append('[').append(detail).append(']');
        }
        text.append(':').append(type).append('(');
        for (int i = 0; i < operands.size(); i++) {
            text.append(i == 0 ? "" : ",").append(expr(operands.get(i)));
        }
        return text.append(')').toString();
    }

    /** A schema as persisted: its fields' external names, types and key flags. */
    public static String schema(RowSchema<?> schema) {
        return "(" + schema.description() + ")";
    }

    /** Items as {@code [a,b]}, each written by {@code writer}. */
    public static <T> String list(List<T> items, Function<? super T, String> writer) {
        List<String> texts = new ArrayList<>(items.size());
        for (T item : items) {
            texts.add(writer.apply(item));
        }
        return "[" + String.join(",", texts) + "]";
    }

    /**
     * The canonical texts of a function's constants, comma-separated ({@link #constant}); null for
     * none, as {@link #call} takes it.
     */
    public static String constants(List<?> constants) {
        if (constants.isEmpty()) {
            return null;
        }
        List<String> texts = new ArrayList<>(constants.size());
        for (Object constant : constants) {
            texts.add(constant(constant));
        }
        return String.join(",", texts);
    }

    /**
     * The canonical text of a constant a function was given: text and characters quoted, whole
     * numbers in decimal, a {@link java.math.BigDecimal} with its scale ({@code 12.50}), a double or
     * float in Java's hexadecimal form (exact, and the same in every JDK, unlike its decimal text), a
     * duration or period in ISO-8601, a zone by its id, an enum constant (a unit, a field, a rounding
     * mode) by its name qualified by its class's simple name.
     *
     * @throws IllegalArgumentException for a constant of another type: it has no canonical text, and
     *     its {@code toString()} is not one
     */
    public static String constant(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String || value instanceof Character) {
            return quote(value.toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toString();
        }
        if (value instanceof Double number) {
            return Double.toHexString(number);
        }
        if (value instanceof Float number) {
            return "f" + Float.toHexString(number);
        }
        if (value instanceof java.time.Duration || value instanceof java.time.Period) {
            return value.toString();   // ISO-8601, as the JDK specifies it
        }
        if (value instanceof java.time.ZoneId zone) {
            return "zone" + quote(zone.getId());
        }
        if (value instanceof Enum<?> constant) {
            return constant.getDeclaringClass().getSimpleName() + "." + constant.name();
        }
        throw new IllegalArgumentException("a constant of " + value.getClass().getName() + " has no canonical text");
    }

    /** Text in double quotes, with {@code "}, {@code \} and control characters escaped. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
