package dev.tideway.engine.identity;

import dev.tideway.Expr;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
 * </pre>
 *
 * <p>An expression implemented outside Tideway (a class of the user's implementing {@link Expr})
 * has no canonical form of Tideway's: it is written as
 * {@code expr[<its class's name and code fingerprint>]:type(operands)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Canonical {
    private Canonical() {}

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
