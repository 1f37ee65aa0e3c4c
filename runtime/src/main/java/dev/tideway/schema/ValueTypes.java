package dev.tideway.schema;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The value types Tideway supports, as constants and combinators. Generated companions refer to
 * these; user code rarely needs them.
 */
public final class ValueTypes {
    private ValueTypes() {}

    static final JsonFactory JSON = JsonFactory.builder().build();

    /** A required string. An empty CSV cell is the empty string. */
    public static final ValueType<String> STRING = new ValueType<>("string", false) {
        @Override public void write(BinaryWriter out, String value) { out.writeString(value); }
        @Override public String read(BinaryReader in) { return in.readString(); }
        @Override public String parseText(String text) { return text; }
        @Override public String formatText(String value) { return value; }
        @Override public void writeJson(JsonGenerator out, String value) throws IOException { out.writeString(value); }
        @Override public String readJson(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("expected a JSON string, found " + describe(in));
            }
            return in.getText();
        }
        @Override public Comparator<? super String> comparator() { return Comparator.naturalOrder(); }
    };

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean", false) {
        @Override public void write(BinaryWriter out, Boolean value) { out.writeBoolean(value); }
        @Override public Boolean read(BinaryReader in) { return in.readBoolean(); }
        @Override public Boolean parseText(String text) { return parseBoolean(text); }
        @Override public String formatText(Boolean value) { return value.toString(); }
        @Override public void writeJson(JsonGenerator out, Boolean value) throws IOException { out.writeBoolean(value); }
        @Override public Boolean readJson(JsonParser in) throws IOException {
            JsonToken token = in.currentToken();
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE;
            }
            throw new IllegalArgumentException("expected true or false, found " + describe(in));
        }
        @Override public Comparator<? super Boolean> comparator() { return Comparator.naturalOrder(); }
    };

    public static final ValueType<Integer> INT = new ValueType<>("int", false) {
        @Override public void write(BinaryWriter out, Integer value) { out.writeInt(value); }
        @Override public Integer read(BinaryReader in) { return in.readInt(); }
        @Override public Integer parseText(String text) { return parseInt(text); }
        @Override public String formatText(Integer value) { return value.toString(); }
        @Override public void writeJson(JsonGenerator out, Integer value) throws IOException { out.writeNumber(value); }
        @Override public Integer readJson(JsonParser in) throws IOException {
            requireToken(in, JsonToken.VALUE_NUMBER_INT, "an integer");
            if (in.getNumberType() != JsonParser.NumberType.INT) {
                throw new IllegalArgumentException("integer " + in.getText() + " is out of the int range");
            }
            return in.getIntValue();
        }
        @Override public Comparator<? super Integer> comparator() { return Comparator.naturalOrder(); }
    };

    public static final ValueType<Long> LONG = new ValueType<>("long", false) {
        @Override public void write(BinaryWriter out, Long value) { out.writeLong(value); }
        @Override public Long read(BinaryReader in) { return in.readLong(); }
        @Override public Long parseText(String text) { return parseLong(text); }
        @Override public String formatText(Long value) { return value.toString(); }
        @Override public void writeJson(JsonGenerator out, Long value) throws IOException { out.writeNumber(value); }
        @Override public Long readJson(JsonParser in) throws IOException {
            requireToken(in, JsonToken.VALUE_NUMBER_INT, "an integer");
            JsonParser.NumberType type = in.getNumberType();
            if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                throw new IllegalArgumentException("integer " + in.getText() + " is out of the long range");
            }
            return in.getLongValue();
        }
        @Override public Comparator<? super Long> comparator() { return Comparator.naturalOrder(); }
    };

    public static final ValueType<Float> FLOAT = new ValueType<>("float", false) {
        @Override public void write(BinaryWriter out, Float value) { out.writeFloat(value); }
        @Override public Float read(BinaryReader in) { return in.readFloat(); }
        @Override public Float parseText(String text) { return parseFloat(text); }
        @Override public String formatText(Float value) { return value.toString(); }
        @Override public void writeJson(JsonGenerator out, Float value) throws IOException { out.writeNumber(value); }
        @Override public Float readJson(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_STRING) {
                return parseFloat(in.getText());
            }
            requireNumber(in);
            return in.getFloatValue();
        }
        @Override public Comparator<? super Float> comparator() { return Comparator.naturalOrder(); }
    };

    public static final ValueType<Double> DOUBLE = new ValueType<>("double", false) {
        @Override public void write(BinaryWriter out, Double value) { out.writeDouble(value); }
        @Override public Double read(BinaryReader in) { return in.readDouble(); }
        @Override public Double parseText(String text) { return parseDouble(text); }
        @Override public String formatText(Double value) { return value.toString(); }
        @Override public void writeJson(JsonGenerator out, Double value) throws IOException { out.writeNumber(value); }
        @Override public Double readJson(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_STRING) {
                return parseDouble(in.getText());
            }
            requireNumber(in);
            return in.getDoubleValue();
        }
        @Override public Comparator<? super Double> comparator() { return Comparator.naturalOrder(); }
    };

    /** Encoded exactly, as its plain decimal string. */
    public static final ValueType<BigDecimal> BIG_DECIMAL = new ValueType<>("decimal", false) {
        @Override public void write(BinaryWriter out, BigDecimal value) { out.writeString(value.toString()); }
        @Override public BigDecimal read(BinaryReader in) {
            String text = in.readString();
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new CodecException("corrupt input: not a decimal: " + quote(text));
            }
        }
        @Override public BigDecimal parseText(String text) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a decimal number: " + quote(text));
            }
        }
        @Override public String formatText(BigDecimal value) { return value.toString(); }
        @Override public void writeJson(JsonGenerator out, BigDecimal value) throws IOException { out.writeNumber(value); }
        @Override public BigDecimal readJson(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_STRING) {
                return parseText(in.getText());
            }
            requireNumber(in);
            return in.getDecimalValue();
        }
        @Override public Comparator<? super BigDecimal> comparator() { return Comparator.naturalOrder(); }
    };

    /** ISO-8601 in text and JSON ({@code 2026-11-21T10:15:30Z}); seconds and nanos in binary. */
    public static final ValueType<Instant> INSTANT = new TextualType<>("instant") {
        @Override public void write(BinaryWriter out, Instant value) {
            out.writeLong(value.getEpochSecond());
            out.writeInt(value.getNano());
        }
        @Override public Instant read(BinaryReader in) {
            long seconds = in.readLong();
            int nanos = in.readInt();
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (RuntimeException e) {
                throw new CodecException("corrupt input: instant " + seconds + "s " + nanos + "ns out of range");
            }
        }
        @Override public Instant parseText(String text) {
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 instant such as 2026-11-21T10:15:30Z: " + quote(text));
            }
        }
        @Override public Comparator<? super Instant> comparator() { return Comparator.naturalOrder(); }
    };

    /** ISO-8601 in text and JSON ({@code 2026-11-21}); the epoch day in binary. */
    public static final ValueType<LocalDate> LOCAL_DATE = new TextualType<>("date") {
        @Override public void write(BinaryWriter out, LocalDate value) { out.writeLong(value.toEpochDay()); }
        @Override public LocalDate read(BinaryReader in) {
            long day = in.readLong();
            try {
                return LocalDate.ofEpochDay(day);
            } catch (RuntimeException e) {
                throw new CodecException("corrupt input: epoch day " + day + " out of range");
            }
        }
        @Override public LocalDate parseText(String text) {
            try {
                return LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 date such as 2026-11-21: " + quote(text));
            }
        }
        @Override public Comparator<? super LocalDate> comparator() { return Comparator.naturalOrder(); }
    };

    /** ISO-8601 in text and JSON ({@code 2026-11-21T10:15:30}); day and nano of day in binary. */
    public static final ValueType<LocalDateTime> LOCAL_DATE_TIME = new TextualType<>("datetime") {
        @Override public void write(BinaryWriter out, LocalDateTime value) {
            out.writeLong(value.toLocalDate().toEpochDay());
            out.writeLong(value.toLocalTime().toNanoOfDay());
        }
        @Override public LocalDateTime read(BinaryReader in) {
            long day = in.readLong();
            long nanoOfDay = in.readLong();
            try {
                return LocalDateTime.of(LocalDate.ofEpochDay(day), LocalTime.ofNanoOfDay(nanoOfDay));
            } catch (RuntimeException e) {
                throw new CodecException("corrupt input: date-time " + day + "d " + nanoOfDay + "ns out of range");
            }
        }
        @Override public LocalDateTime parseText(String text) {
            try {
                return LocalDateTime.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 date-time such as 2026-11-21T10:15:30: " + quote(text));
            }
        }
        @Override public Comparator<? super LocalDateTime> comparator() { return Comparator.naturalOrder(); }
    };

    /** ISO-8601 in text and JSON ({@code PT1H30M}); seconds and nanos in binary. */
    public static final ValueType<Duration> DURATION = new TextualType<>("duration") {
        @Override public void write(BinaryWriter out, Duration value) {
            out.writeLong(value.getSeconds());
            out.writeInt(value.getNano());
        }
        @Override public Duration read(BinaryReader in) {
            long seconds = in.readLong();
            int nanos = in.readInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new CodecException("corrupt input: duration nanos " + nanos + " out of range");
            }
            return Duration.ofSeconds(seconds, nanos);
        }
        @Override public Duration parseText(String text) {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration such as PT1H30M: " + quote(text));
            }
        }
        @Override public Comparator<? super Duration> comparator() { return Comparator.naturalOrder(); }
    };

    public static final ValueType<UUID> UUID_TYPE = new TextualType<>("uuid") {
        @Override public void write(BinaryWriter out, UUID value) {
            out.writeFixedLong(value.getMostSignificantBits());
            out.writeFixedLong(value.getLeastSignificantBits());
        }
        @Override public UUID read(BinaryReader in) {
            long most = in.readFixedLong();
            return new UUID(most, in.readFixedLong());
        }
        @Override public UUID parseText(String text) {
            String trimmed = text.trim();
            if (trimmed.length() != 36) {
                throw new IllegalArgumentException("not a UUID such as 123e4567-e89b-12d3-a456-426614174000: " + quote(text));
            }
            try {
                return UUID.fromString(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a UUID such as 123e4567-e89b-12d3-a456-426614174000: " + quote(text));
            }
        }
        @Override public Comparator<? super UUID> comparator() { return Comparator.naturalOrder(); }
    };

    /** Base64 in text and JSON. */
    public static final ValueType<byte[]> BYTES = new TextualType<>("bytes") {
        @Override public void write(BinaryWriter out, byte[] value) { out.writeBytes(value); }
        @Override public byte[] read(BinaryReader in) { return in.readBytes(); }
        @Override public byte[] parseText(String text) {
            try {
                return Base64.getDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not base64: " + quote(text));
            }
        }
        @Override public String formatText(byte[] value) { return Base64.getEncoder().encodeToString(value); }
        @Override public void writeJson(JsonGenerator out, byte[] value) throws IOException {
            out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, value, 0, value.length);
        }
        @Override public Comparator<? super byte[]> comparator() { return Arrays::compare; }
    };

    /** A nullable (boxed) form of a required type: null is an empty CSV cell and JSON {@code null}. */
    public static <V> ValueType<V> nullable(ValueType<V> type) {
        requireRequired(type, "nullable");
        return new NullableType<>(type);
    }

    /** {@code Optional<V>}: empty is an empty CSV cell, JSON {@code null} or a missing field. */
    public static <V> ValueType<Optional<V>> optional(ValueType<V> type) {
        requireRequired(type, "optional");
        return new OptionalType<>(type);
    }

    /** {@code List<V>}: a JSON array in JSON, and in a CSV cell. */
    public static <V> ValueType<List<V>> list(ValueType<V> itemType) {
        return new ListType<>(itemType);
    }

    /** An enum, by constant name (stable when constants are reordered). */
    public static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type, E[] constants) {
        return new EnumType<>(type, constants);
    }

    /** A nested {@code @Schema} record: a JSON object in JSON, and in a CSV cell. */
    public static <R> ValueType<R> record(RowSchema<R> schema) {
        return new RecordType<>(schema);
    }

    // ---- parsing shared by the types above and by generated code for primitive components ----

    public static boolean parseBoolean(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return true;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean (true or false): " + quote(text));
    }

    public static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an int: " + quote(text));
        }
    }

    public static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a long: " + quote(text));
        }
    }

    public static float parseFloat(String text) {
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a float: " + quote(text));
        }
    }

    public static double parseDouble(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a double: " + quote(text));
        }
    }

    static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return '"' + shown + '"';
    }

    static String describe(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (token == null) {
            return "the end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "the string " + quote(in.getText());
            default -> in.getText();
        };
    }

    private static void requireToken(JsonParser in, JsonToken expected, String what) throws IOException {
        if (in.currentToken() != expected) {
            throw new IllegalArgumentException("expected " + what + ", found " + describe(in));
        }
    }

    private static void requireNumber(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new IllegalArgumentException("expected a number, found " + describe(in));
        }
    }

    private static void requireRequired(ValueType<?> type, String wrapper) {
        if (type.nullable()) {
            throw new IllegalArgumentException(wrapper + " of the already nullable type " + type.descriptor());
        }
    }

    /** Types written as a JSON string holding their text form. */
    private abstract static class TextualType<V> extends ValueType<V> {
        TextualType(String descriptor) {
            super(descriptor, false);
        }

        @Override public String formatText(V value) { return value.toString(); }

        @Override public void writeJson(JsonGenerator out, V value) throws IOException {
            out.writeString(formatText(value));
        }

        @Override public V readJson(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("expected a " + descriptor() + " as a JSON string, found " + describe(in));
            }
            return parseText(in.getText());
        }
    }

    private static final class NullableType<V> extends ValueType<V> {
        private final ValueType<V> type;

        NullableType(ValueType<V> type) {
            super("nullable<" + type.descriptor() + ">", true);
            this.type = type;
        }

        @Override public void write(BinaryWriter out, V value) {
            out.writeBoolean(value != null);
            if (value != null) {
                type.write(out, value);
            }
        }
        @Override public V read(BinaryReader in) { return in.readBoolean() ? type.read(in) : null; }
        @Override public V parseText(String text) { return text.isEmpty() ? null : type.parseText(text); }
        @Override public String formatText(V value) { return value == null ? "" : type.formatText(value); }
        @Override public void writeJson(JsonGenerator out, V value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                type.writeJson(out, value);
            }
        }
        @Override public V readJson(JsonParser in) throws IOException {
            return in.currentToken() == JsonToken.VALUE_NULL ? null : type.readJson(in);
        }
        @Override public Comparator<? super V> comparator() {
            Comparator<? super V> inner = type.comparator();
            return inner == null ? null : Comparator.nullsFirst(inner);
        }
    }

    private static final class OptionalType<V> extends ValueType<Optional<V>> {
        private final ValueType<V> type;

        OptionalType(ValueType<V> type) {
            super("optional<" + type.descriptor() + ">", true);
            this.type = type;
        }

        @Override public Optional<V> absent() { return Optional.empty(); }
        @Override public void write(BinaryWriter out, Optional<V> value) {
            out.writeBoolean(value.isPresent());
            value.ifPresent(v -> type.write(out, v));
        }
        @Override public Optional<V> read(BinaryReader in) {
            return in.readBoolean() ? Optional.of(type.read(in)) : Optional.empty();
        }
        @Override public Optional<V> parseText(String text) {
            return text.isEmpty() ? Optional.empty() : Optional.of(type.parseText(text));
        }
        @Override public String formatText(Optional<V> value) { return value.map(type::formatText).orElse(""); }
        @Override public void writeJson(JsonGenerator out, Optional<V> value) throws IOException {
            if (value.isEmpty()) {
                out.writeNull();
            } else {
                type.writeJson(out, value.get());
            }
        }
        @Override public Optional<V> readJson(JsonParser in) throws IOException {
            return in.currentToken() == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(type.readJson(in));
        }
        @Override public Comparator<? super Optional<V>> comparator() {
            Comparator<? super V> inner = type.comparator();
            if (inner == null) {
                return null;
            }
            Comparator<V> nullsFirst = Comparator.nullsFirst(inner);
            return (a, b) -> nullsFirst.compare(a.orElse(null), b.orElse(null));
        }
    }

    private static final class ListType<V> extends ValueType<List<V>> {
        private final ValueType<V> itemType;

        ListType(ValueType<V> itemType) {
            super("list<" + itemType.descriptor() + ">", false);
            this.itemType = itemType;
        }

        @Override public void write(BinaryWriter out, List<V> value) {
            out.writeLength(value.size());
            for (V item : value) {
                itemType.write(out, item);
            }
        }
        @Override public List<V> read(BinaryReader in) {
            int size = in.readLength(1);
            List<V> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(itemType.read(in));
            }
            return Collections.unmodifiableList(items);
        }
        @Override public List<V> parseText(String text) { return parseJsonText(this, text); }
        @Override public String formatText(List<V> value) { return formatJsonText(this, value); }
        @Override public void writeJson(JsonGenerator out, List<V> value) throws IOException {
            out.writeStartArray();
            for (V item : value) {
                itemType.writeJson(out, item);
            }
            out.writeEndArray();
        }
        @Override public List<V> readJson(JsonParser in) throws IOException {
            requireToken(in, JsonToken.START_ARRAY, "an array");
            List<V> items = new ArrayList<>();
            while (in.nextToken() != JsonToken.END_ARRAY) {
                if (in.currentToken() == null) {
                    throw new IllegalArgumentException("unterminated JSON array");
                }
                try {
                    items.add(itemType.readJson(in));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("item " + items.size() + ": " + e.getMessage(), e);
                }
            }
            return Collections.unmodifiableList(items);
        }
        @Override public Comparator<? super List<V>> comparator() {
            Comparator<? super V> inner = itemType.comparator();
            if (inner == null) {
                return null;
            }
            return (a, b) -> {
                int n = Math.min(a.size(), b.size());
                for (int i = 0; i < n; i++) {
                    int c = inner.compare(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            };
        }
    }

    private static final class EnumType<E extends Enum<E>> extends TextualType<E> {
        private final Map<String, E> byName = new HashMap<>();
        private final String names;

        EnumType(Class<E> type, E[] constants) {
            super("enum<" + type.getName() + ">");
            for (E constant : constants) {
                byName.put(constant.name(), constant);
            }
            this.names = String.join(", ", byName.keySet().stream().sorted().toList());
        }

        @Override public void write(BinaryWriter out, E value) { out.writeString(value.name()); }
        @Override public E read(BinaryReader in) {
            String name = in.readString();
            E value = byName.get(name);
            if (value == null) {
                throw new CodecException("unknown constant " + quote(name) + " of " + descriptor()
                        + " (was it renamed or removed?); known: " + names);
            }
            return value;
        }
        @Override public E parseText(String text) {
            E value = byName.get(text.trim());
            if (value == null) {
                throw new IllegalArgumentException("not one of " + names + ": " + quote(text));
            }
            return value;
        }
        @Override public String formatText(E value) { return value.name(); }
        @Override public Comparator<? super E> comparator() { return Comparator.naturalOrder(); }
    }

    private static final class RecordType<R> extends ValueType<R> {
        private final RowSchema<R> schema;

        RecordType(RowSchema<R> schema) {
            super("record<" + schema.name() + ">", false);
            this.schema = schema;
        }

        @Override public void write(BinaryWriter out, R value) { schema.encode(value, out); }
        @Override public R read(BinaryReader in) { return schema.decode(in); }
        @Override public R parseText(String text) { return parseJsonText(this, text); }
        @Override public String formatText(R value) { return formatJsonText(this, value); }
        @Override public void writeJson(JsonGenerator out, R value) throws IOException {
            out.writeStartObject();
            schema.writeJsonFields(value, out);
            out.writeEndObject();
        }
        @Override public R readJson(JsonParser in) throws IOException { return schema.readJson(in); }
        @Override public Comparator<? super R> comparator() { return null; }
    }

    private static <V> V parseJsonText(ValueType<V> type, String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            V value = type.readJson(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("unexpected text after the JSON value: " + quote(text));
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON " + type.descriptor() + ": " + quote(text));
        }
    }

    private static <V> String formatJsonText(ValueType<V> type, V value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            type.writeJson(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
