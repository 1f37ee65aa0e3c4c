package dev.tideway.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The descriptor of a {@code @Schema} record: its fields, a stable fingerprint, and the generated
 * code that encodes, decodes, builds and maps its rows without reflection.
 *
 * <p>Each {@code @Schema} record gets one, as {@code Foo_.SCHEMA}, written by the annotation
 * processor. The runtime reaches rows only through this class.
 *
 * @param <T> the record type
 */
public abstract class RowSchema<T> {
    private final Class<T> type;
    private final String name;
    private final List<FieldDescriptor> fields;
    private final Map<String, FieldDescriptor> byExternalName = new HashMap<>();
    private final boolean hasPrimaryKey;
    private final String description;
    private final long fingerprint;

    protected RowSchema(Class<T> type, String name, List<FieldDescriptor> fields) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.fields = List.copyOf(fields);
        StringBuilder text = new StringBuilder();
        boolean key = false;
        for (int i = 0; i < this.fields.size(); i++) {
            FieldDescriptor field = this.fields.get(i);
            if (field.index() != i) {
                throw new IllegalArgumentException(name + ": field " + field.name() + " has index " + field.index() + ", expected " + i);
            }
            if (byExternalName.put(field.externalName(), field) != null) {
                throw new IllegalArgumentException(name + ": two fields named " + field.externalName());
            }
            key |= field.primaryKey();
            if (i > 0) {
                text.append(", ");
            }
            text.append(field.externalName()).append(' ').append(field.type().descriptor());
            if (field.primaryKey()) {
                text.append(" key");
            }
        }
        this.hasPrimaryKey = key;
        this.description = text.toString();
        this.fingerprint = fingerprintOf(description);
    }

    /** The record class. */
    public final Class<T> type() {
        return type;
    }

    /** The record's simple name, for messages ({@code Outer.Inner} for nested records). */
    public final String name() {
        return name;
    }

    public final List<FieldDescriptor> fields() {
        return fields;
    }

    /** The field with this external name (CSV header, JSON field), if any. */
    public final Optional<FieldDescriptor> fieldByExternalName(String externalName) {
        return Optional.ofNullable(byExternalName.get(externalName));
    }

    public final boolean hasPrimaryKey() {
        return hasPrimaryKey;
    }

    /**
     * The fields as persisted: external names, types and key flags in order, such as
     * {@code word string, count long}. Two schemas with the same description encode rows alike.
     */
    public final String description() {
        return description;
    }

    /** A 64-bit hash of {@link #description()}: equal for schemas that encode rows alike. */
    public final long fingerprint() {
        return fingerprint;
    }

    /** This schema as the value type of a component that nests it. */
    public final ValueType<T> asValueType() {
        return ValueTypes.record(this);
    }

    /** Appends the row's binary encoding. */
    public abstract void encode(T row, BinaryWriter out);

    /** Reads a row written by {@link #encode}; fails with {@link CodecException} on bad bytes. */
    public abstract T decode(BinaryReader in);

    /** The value of one field, boxed. */
    public abstract Object get(T row, int field);

    /**
     * Builds a row from field values in field order. Fails with an {@link IllegalArgumentException}
     * naming the field when a required field is null.
     */
    public abstract T build(Object[] values);

    /** Parses a row of text cells; a bad cell throws an {@link IllegalArgumentException}. */
    public abstract T readText(TextRow in);

    /** Writes the row's fields, by external name, into the JSON object the caller has started. */
    public abstract void writeJsonFields(T row, JsonGenerator out) throws IOException;

    /**
     * Reads a row from the JSON object at the parser's current token ({@code START_OBJECT}), leaving
     * the parser on its {@code END_OBJECT}. Unknown fields are skipped; missing nullable fields are
     * absent; a missing required field or a bad value throws an {@link IllegalArgumentException}.
     */
    public abstract T readJson(JsonParser in) throws IOException;

    /**
     * Appends the encoding of the primary-key fields, which the runtime hashes into the row's key.
     * Only called when {@link #hasPrimaryKey()}.
     */
    public void writeKey(T row, BinaryWriter out) {
        throw new IllegalStateException(name + " has no @PrimaryKey component");
    }

    /** The text of one field, as a CSV cell. */
    @SuppressWarnings("unchecked")
    public final String formatText(T row, int field) {
        ValueType<Object> fieldType = (ValueType<Object>) fields.get(field).type();
        Object value = get(row, field);
        return value == null ? "" : fieldType.formatText(value);
    }

    @Override
    public String toString() {
        return name + "(" + description + ")";
    }

    // ---- for generated code ----

    /** A required value out of {@code values}: fails, naming the field, when it is null. */
    protected final Object required(Object[] values, int field) {
        Object value = values[field];
        if (value == null) {
            throw new IllegalArgumentException(name + "." + fields.get(field).name() + " is required, but its value is null");
        }
        return value;
    }

    /** A cell parsed by the field's value type; a missing column is the type's absent value. */
    protected static <V> V parseCell(TextRow in, int field, ValueType<V> type) {
        String cell = in.cell(field);
        return cell == null ? type.absent() : type.parseText(cell);
    }

    /** The error for a JSON object that lacks a required field. */
    protected final IllegalArgumentException missingJsonField(int field) {
        return new IllegalArgumentException("missing required field \"" + fields.get(field).externalName() + "\"");
    }

    /** The error for a JSON value of a field that does not parse. */
    protected final IllegalArgumentException badJsonField(int field, IllegalArgumentException cause) {
        return new IllegalArgumentException("field \"" + fields.get(field).externalName() + "\": " + cause.getMessage(), cause);
    }

    /**
     * The error for a text cell of a field that does not parse: names the column (the field's
     * external name) and keeps the value type's message, which quotes the value.
     */
    protected final IllegalArgumentException badTextField(int field, IllegalArgumentException cause) {
        return new IllegalArgumentException("column \"" + fields.get(field).externalName() + "\": " + cause.getMessage(), cause);
    }

    /** The error for an out-of-range field index. */
    protected final IndexOutOfBoundsException noSuchField(int field) {
        return new IndexOutOfBoundsException(name + " has " + fields.size() + " fields, not field " + field);
    }

    private static long fingerprintOf(String text) {
        // FNV-1a 64: stable across JVMs and releases, unlike String.hashCode's width or any seeded hash.
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
