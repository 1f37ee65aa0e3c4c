package dev.tideway;

import dev.tideway.internal.engine.identity.Canonical;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * String functions, as Pathway's {@code .str} namespace: case, trimming, slicing, searching,
 * splitting, regular expressions, and parsing text into numbers and dates.
 *
 * <pre>{@code
 * import static dev.tideway.Strings.*;
 *
 * lines.select(Token_.of(lower(trim(Line_.text)), parseLong(extract(Line_.text, "id=(\\d+)", 1))))
 * }</pre>
 *
 * <p>A function of a null string gives null (a predicate gives false). Positions are {@code char}
 * indexes, as in {@link String}. Parsing functions ({@link #parseLong}, {@link #parseDate}, ...) stop
 * the run on text that does not parse, with an {@link IllegalArgumentException} that quotes the text
 * and names the expression; wrap them in {@link Exprs#fillError} to give such rows a value instead,
 * or use {@link Exprs#parse}, which gives null. Patterns are {@link java.util.regex.Pattern}s and
 * {@link DateTimeFormatter} patterns, checked when the expression is built. Thread-safe: expressions
 * are immutable.
 */
public final class Strings {
    private Strings() {}

    private static final ValueType<String> STRING = ValueTypes.nullable(ValueTypes.STRING);

    // ---- case and trimming ----

    /** Upper case (root locale). */
    public static Expr<String> upper(Expr<String> s) {
        return Operation.unary(STRING, "strings.upper", s, x -> x.toUpperCase(Locale.ROOT));
    }

    /** Lower case (root locale). */
    public static Expr<String> lower(Expr<String> s) {
        return Operation.unary(STRING, "strings.lower", s, x -> x.toLowerCase(Locale.ROOT));
    }

    /** Upper case made lower and lower upper, as Python's {@code swapcase}. */
    public static Expr<String> swapCase(Expr<String> s) {
        return Operation.unary(STRING, "strings.swapCase", s, x -> {
            StringBuilder out = new StringBuilder(x.length());
            x.codePoints().forEach(c -> out.appendCodePoint(Character.isUpperCase(c) ? Character.toLowerCase(c)
                    : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
            return out.toString();
        });
    }

    /** Without leading and trailing white space ({@link String#strip}). */
    public static Expr<String> trim(Expr<String> s) {
        return Operation.unary(STRING, "strings.trim", s, String::strip);
    }

    /** Without leading white space. */
    public static Expr<String> trimStart(Expr<String> s) {
        return Operation.unary(STRING, "strings.trimStart", s, String::stripLeading);
    }

    /** Without trailing white space. */
    public static Expr<String> trimEnd(Expr<String> s) {
        return Operation.unary(STRING, "strings.trimEnd", s, String::stripTrailing);
    }

    /** Without the leading and trailing characters that are in {@code chars}, as Python's {@code strip(chars)}. */
    public static Expr<String> trim(Expr<String> s, String chars) {
        return Operation.withConstants(STRING, "strings.trim", s, List.of(chars), x -> {
            int start = 0;
            int end = x.length();
            while (start < end && chars.indexOf(x.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && chars.indexOf(x.charAt(end - 1)) >= 0) {
                end--;
            }
            return x.substring(start, end);
        });
    }

    /** The string padded on the left with {@code pad} up to {@code length} characters (longer strings unchanged). */
    public static Expr<String> padStart(Expr<String> s, int length, char pad) {
        return Operation.withConstants(STRING, "strings.padStart", s, List.of(length, pad),
                x -> x.length() >= length ? x : String.valueOf(pad).repeat(length - x.length()) + x);
    }

    /** The string padded on the right with {@code pad} up to {@code length} characters. */
    public static Expr<String> padEnd(Expr<String> s, int length, char pad) {
        return Operation.withConstants(STRING, "strings.padEnd", s, List.of(length, pad),
                x -> x.length() >= length ? x : x + String.valueOf(pad).repeat(length - x.length()));
    }

    /** The characters in reverse order (by code point). */
    public static Expr<String> reversed(Expr<String> s) {
        return Operation.unary(STRING, "strings.reversed", s, x -> new StringBuilder(x).reverse().toString());
    }

    // ---- length, slicing, joining ----

    /** The number of {@code char}s. */
    public static Expr<Long> length(Expr<String> s) {
        return Operation.unary(ValueTypes.nullable(ValueTypes.LONG), "strings.length", s, x -> (long) x.length());
    }

    /**
     * The characters from {@code start} (inclusive) to {@code end} (exclusive), as Python's slice:
     * negative positions count from the end, positions past either end are clamped.
     */
    public static Expr<String> substring(Expr<String> s, int start, int end) {
        return Operation.withConstants(STRING, "strings.substring", s, List.of(start, end), x -> {
            int from = clamp(start, x.length());
            int to = clamp(end, x.length());
            return from >= to ? "" : x.substring(from, to);
        });
    }

    /** The characters from {@code start} to the end (negative: from the end). */
    public static Expr<String> substring(Expr<String> s, int start) {
        return substring(s, start, Integer.MAX_VALUE);
    }

    private static int clamp(int position, int length) {
        int p = position < 0 ? length + position : position;
        return Math.max(0, Math.min(length, p));
    }

    /** The strings one after the other; null if any is null. */
    @SafeVarargs
    public static Expr<String> concat(Expr<String> first, Expr<String>... rest) {
        List<Expr<String>> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return new Operation<>(STRING, "concat" + all, "strings.concat", null, all, row -> {
            StringBuilder out = new StringBuilder();
            for (Expr<String> part : all) {
                String value = part.eval(row);
                if (value == null) {
                    return null;
                }
                out.append(value);
            }
            return out.toString();
        });
    }

    /** The items of a list joined with a separator. */
    public static Expr<String> join(Expr<List<String>> items, String separator) {
        return Operation.withConstants(STRING, "strings.join", items, List.of(separator), x -> String.join(separator, x));
    }

    /** The string repeated {@code times} times. */
    public static Expr<String> repeat(Expr<String> s, int times) {
        if (times < 0) {
            throw new IllegalArgumentException("repeat(" + s + ", " + times + "): the count must be 0 or more");
        }
        return Operation.withConstants(STRING, "strings.repeat", s, List.of(times), x -> x.repeat(times));
    }

    // ---- searching ----

    /** Whether the string contains {@code part}. */
    public static Expr<Boolean> contains(Expr<String> s, String part) {
        return predicate("contains", s, part, x -> x.contains(part));
    }

    /** Whether the string starts with {@code prefix}. */
    public static Expr<Boolean> startsWith(Expr<String> s, String prefix) {
        return predicate("startsWith", s, prefix, x -> x.startsWith(prefix));
    }

    /** Whether the string ends with {@code suffix}. */
    public static Expr<Boolean> endsWith(Expr<String> s, String suffix) {
        return predicate("endsWith", s, suffix, x -> x.endsWith(suffix));
    }

    /** The position of the first {@code part}, or -1, as Python's {@code find}. */
    public static Expr<Long> indexOf(Expr<String> s, String part) {
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LONG), "strings.indexOf", s, List.of(part), x -> (long) x.indexOf(part));
    }

    /** The position of the last {@code part}, or -1. */
    public static Expr<Long> lastIndexOf(Expr<String> s, String part) {
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LONG), "strings.lastIndexOf", s, List.of(part), x -> (long) x.lastIndexOf(part));
    }

    /** The number of non-overlapping occurrences of {@code part}, as Python's {@code count}. */
    public static Expr<Long> count(Expr<String> s, String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("count(" + s + ", \"\"): count a non-empty string");
        }
        return Operation.withConstants(ValueTypes.nullable(ValueTypes.LONG), "strings.count", s, List.of(part), x -> {
            long n = 0;
            for (int at = x.indexOf(part); at >= 0; at = x.indexOf(part, at + part.length())) {
                n++;
            }
            return n;
        });
    }

    /** Every {@code target} replaced by {@code replacement} (plain text, not a pattern). */
    public static Expr<String> replace(Expr<String> s, String target, String replacement) {
        return Operation.withConstants(STRING, "strings.replace", s, List.of(target, replacement), x -> x.replace(target, replacement));
    }

    /** Without {@code prefix} if it starts with it, as Python's {@code removeprefix}. */
    public static Expr<String> removePrefix(Expr<String> s, String prefix) {
        return Operation.withConstants(STRING, "strings.removePrefix", s, List.of(prefix), x -> x.startsWith(prefix) ? x.substring(prefix.length()) : x);
    }

    /** Without {@code suffix} if it ends with it. */
    public static Expr<String> removeSuffix(Expr<String> s, String suffix) {
        return Operation.withConstants(STRING, "strings.removeSuffix", s, List.of(suffix),
                x -> x.endsWith(suffix) ? x.substring(0, x.length() - suffix.length()) : x);
    }

    /**
     * The parts between the separators (plain text), as Python's {@code split(sep)}: an empty part
     * is kept, so {@code "a,,b"} gives {@code [a, , b]}.
     */
    public static Expr<List<String>> split(Expr<String> s, String separator) {
        return split(s, separator, -1);
    }

    /** As {@link #split(Expr, String)}, with at most {@code maxSplits} splits (negative: no limit). */
    public static Expr<List<String>> split(Expr<String> s, String separator, int maxSplits) {
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("split(" + s + ", \"\"): the separator must not be empty");
        }
        return Operation.withConstants(ValueTypes.list(ValueTypes.STRING), "strings.split", s, List.of(separator, maxSplits), x -> {
            List<String> parts = new ArrayList<>();
            int from = 0;
            for (int at = x.indexOf(separator); at >= 0 && (maxSplits < 0 || parts.size() < maxSplits); at = x.indexOf(separator, from)) {
                parts.add(x.substring(from, at));
                from = at + separator.length();
            }
            parts.add(x.substring(from));
            return Collections.unmodifiableList(parts);
        });
    }

    /** The white-space separated words, as Python's {@code split()}. */
    public static Expr<List<String>> words(Expr<String> s) {
        return Operation.unary(ValueTypes.list(ValueTypes.STRING), "strings.words", s,
                x -> x.isBlank() ? List.of() : List.of(x.strip().split("\\s+")));
    }

    // ---- regular expressions ----

    /** Whether the whole string matches the regular expression. */
    public static Expr<Boolean> matches(Expr<String> s, String regex) {
        Pattern pattern = compile(regex, "matches");
        return predicate("matches", s, regex, x -> pattern.matcher(x).matches());
    }

    /** Whether the regular expression matches somewhere in the string. */
    public static Expr<Boolean> find(Expr<String> s, String regex) {
        Pattern pattern = compile(regex, "find");
        return predicate("find", s, regex, x -> pattern.matcher(x).find());
    }

    /** Group {@code group} of the first match of the regular expression (0: the whole match), or null when it does not match. */
    public static Expr<String> extract(Expr<String> s, String regex, int group) {
        Pattern pattern = compile(regex, "extract");
        int groups = pattern.matcher("").groupCount();
        if (group < 0 || group > groups) {
            throw new IllegalArgumentException("extract(" + s + ", \"" + regex + "\", " + group + "): the pattern has " + groups
                    + " groups; give 0 to " + groups);
        }
        return Operation.withConstants(STRING, "strings.extract", s, List.of(regex, group), x -> {
            Matcher matcher = pattern.matcher(x);
            return matcher.find() ? matcher.group(group) : null;
        });
    }

    /** Every match of the regular expression, in order. */
    public static Expr<List<String>> extractAll(Expr<String> s, String regex) {
        Pattern pattern = compile(regex, "extractAll");
        return Operation.withConstants(ValueTypes.list(ValueTypes.STRING), "strings.extractAll", s, List.of(regex),
                x -> pattern.matcher(x).results().map(m -> m.group()).toList());
    }

    /** Every match of the regular expression replaced ({@code $1} names a group, as {@link Matcher#replaceAll}). */
    public static Expr<String> replaceAll(Expr<String> s, String regex, String replacement) {
        Pattern pattern = compile(regex, "replaceAll");
        return Operation.withConstants(STRING, "strings.replaceAll", s, List.of(regex, replacement), x -> pattern.matcher(x).replaceAll(replacement));
    }

    /** The parts between matches of the regular expression. */
    public static Expr<List<String>> splitRegex(Expr<String> s, String regex) {
        Pattern pattern = compile(regex, "splitRegex");
        return Operation.withConstants(ValueTypes.list(ValueTypes.STRING), "strings.splitRegex", s, List.of(regex), x -> List.of(pattern.split(x, -1)));
    }

    private static Pattern compile(String regex, String function) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(function + ": \"" + regex + "\" is not a regular expression: " + e.getDescription()
                    + " at index " + e.getIndex(), e);
        }
    }

    // ---- parsing, with errors per row ----

    /**
     * The text as a long (surrounding white space allowed).
     *
     * @throws IllegalArgumentException at run time, for text that is not a long (the run stops; see {@link Exprs#fillError})
     */
    public static Expr<Long> parseLong(Expr<String> s) {
        return parsing(ValueTypes.nullable(ValueTypes.LONG), "parseLong", s, ValueTypes::parseLong);
    }

    /** The text as an int. */
    public static Expr<Integer> parseInt(Expr<String> s) {
        return parsing(ValueTypes.nullable(ValueTypes.INT), "parseInt", s, ValueTypes::parseInt);
    }

    /** The text as a double. */
    public static Expr<Double> parseDouble(Expr<String> s) {
        return parsing(ValueTypes.nullable(ValueTypes.DOUBLE), "parseDouble", s, ValueTypes::parseDouble);
    }

    /** The text as an exact decimal. */
    public static Expr<BigDecimal> parseDecimal(Expr<String> s) {
        return parsing(ValueTypes.nullable(ValueTypes.BIG_DECIMAL), "parseDecimal", s, ValueTypes.BIG_DECIMAL::parseText);
    }

    /** {@code true} or {@code false}, in any case. */
    public static Expr<Boolean> parseBoolean(Expr<String> s) {
        return parsing(ValueTypes.nullable(ValueTypes.BOOLEAN), "parseBoolean", s, ValueTypes::parseBoolean);
    }

    /** The text as a date, by a {@link DateTimeFormatter} pattern such as {@code dd/MM/yyyy}. */
    public static Expr<LocalDate> parseDate(Expr<String> s, String pattern) {
        DateTimeFormatter format = formatter(pattern, "parseDate");
        return parsing(ValueTypes.nullable(ValueTypes.LOCAL_DATE), "parseDate", s, pattern, x -> LocalDate.parse(x.strip(), format));
    }

    /** The text as a date-time, by a pattern such as {@code yyyy-MM-dd HH:mm:ss}. */
    public static Expr<LocalDateTime> parseDateTime(Expr<String> s, String pattern) {
        DateTimeFormatter format = formatter(pattern, "parseDateTime");
        return parsing(ValueTypes.nullable(ValueTypes.LOCAL_DATE_TIME), "parseDateTime", s, pattern, x -> LocalDateTime.parse(x.strip(), format));
    }

    /**
     * The text as an instant, by a pattern that includes the offset or zone (such as
     * {@code yyyy-MM-dd HH:mm:ssXXX}); for local text use {@link #parseDateTime} and
     * {@link DateTimes#toInstant}.
     */
    public static Expr<Instant> parseInstant(Expr<String> s, String pattern) {
        DateTimeFormatter format = formatter(pattern, "parseInstant");
        return parsing(ValueTypes.nullable(ValueTypes.INSTANT), "parseInstant", s, pattern,
                x -> java.time.ZonedDateTime.parse(x.strip(), format).toInstant());
    }

    /** The text as an instant in ISO-8601 ({@code 2026-11-21T10:15:30Z}). */
    public static Expr<Instant> parseInstant(Expr<String> s) {
        return parsing(ValueTypes.nullable(ValueTypes.INSTANT), "parseInstant", s, ValueTypes.INSTANT::parseText);
    }

    static DateTimeFormatter formatter(String pattern, String function) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(function + ": \"" + pattern + "\" is not a date-time pattern: " + e.getMessage(), e);
        }
    }

    private static <V> Expr<V> parsing(ValueType<V> type, String name, Expr<String> s, java.util.function.Function<String, V> parse) {
        return new Operation<>(type, name + "(" + s + ")", "strings." + name, null, List.of(s), row -> {
            String text = s.eval(row);
            if (text == null) {
                return null;
            }
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + "(" + s + "): " + e.getMessage(), e);
            }
        });
    }

    private static <V> Expr<V> parsing(ValueType<V> type, String name, Expr<String> s, String pattern,
                                       java.util.function.Function<String, V> parse) {
        return new Operation<>(type, name + "(" + s + ", \"" + pattern + "\")", "strings." + name,
                Canonical.constant(pattern), List.of(s), row -> {
            String text = s.eval(row);
            if (text == null) {
                return null;
            }
            try {
                return parse.apply(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + "(" + s + ", \"" + pattern + "\"): \"" + text + "\" does not match the pattern ("
                        + e.getMessage() + ")", e);
            }
        });
    }

    private static Expr<Boolean> predicate(String name, Expr<String> s, String constant, java.util.function.Predicate<String> test) {
        return new Operation<>(ValueTypes.BOOLEAN, name + "(" + s + ", \"" + constant + "\")", "strings." + name,
                Canonical.constant(constant), List.of(s), row -> {
            String x = s.eval(row);
            return x != null && test.test(x);
        });
    }
}
