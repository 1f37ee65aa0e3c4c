package dev.tideway.internal.persistence;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.tideway.persistence.PersistenceException;

/**
 * Reads rows persisted with an older version of a record into the current one, matching fields by
 * external name (the name a {@code @Column} keeps when a component is renamed in Java):
 * <ul>
 *   <li>a field that is new and nullable (boxed, {@code Optional}) is absent in old rows;
 *   <li>a field that is gone is dropped (unless it was a nested record, whose layout is unknown);
 *   <li>reordered fields are read in their old order;
 *   <li>anything else — a field whose type changed, a new required field, a changed primary key —
 *       is refused with an error naming the source, the field, the old and new types and the choices.
 * </ul>
 *
 * <p>Public for the runners that persist rows elsewhere ({@code tideway-flink}'s checkpointed source
 * state), so that they migrate exactly as Tideway's own state does.
 */
public final class SchemaMigration {
    private SchemaMigration() {}

    private record OldField(String name, String descriptor, boolean key, String javaName) {}

    /**
     * The schema as persisted with a source: its description, and for each field whose Java name
     * differs from its external name, {@code as <java name>}, so that a field renamed in the data
     * (a new {@code @Column} name on the same component) is still recognised.
     */
    public static String persistedDescription(RowSchema<?> schema) {
        StringBuilder text = new StringBuilder();
        for (FieldDescriptor field : schema.fields()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(field.externalName()).append(' ').append(field.type().descriptor());
            if (field.primaryKey()) {
                text.append(" key");
            }
            if (!field.name().equals(field.externalName())) {
                text.append(" as ").append(field.name());
            }
        }
        return text.toString();
    }

    /**
     * A reader of old rows as current ones.
     *
     * @throws PersistenceException naming {@code sourceId}, the field and the choices, when the change cannot be migrated
     */
    public static <T> Function<BinaryReader, T> reader(String sourceId, String oldDescription, RowSchema<T> schema) {
        List<OldField> old = parse(oldDescription);
        Map<String, FieldDescriptor> current = new HashMap<>();
        Map<String, FieldDescriptor> currentByJavaName = new HashMap<>();
        for (FieldDescriptor field : schema.fields()) {
            current.put(field.externalName(), field);
            currentByJavaName.put(field.name(), field);
        }
        // an old field is the new field of its external name, or else of its component's name (renamed in the data)
        Map<OldField, FieldDescriptor> matches = new HashMap<>();
        java.util.Set<FieldDescriptor> matched = new java.util.HashSet<>();
        for (OldField field : old) {
            FieldDescriptor now = current.get(field.name);
            if (now != null) {
                matches.put(field, now);
                matched.add(now);
            }
        }
        for (OldField field : old) {
            FieldDescriptor now = currentByJavaName.get(field.javaName);
            if (!matches.containsKey(field) && now != null && !matched.contains(now)) {
                matches.put(field, now);
                matched.add(now);
            }
        }
        List<String> oldKeys = old.stream().filter(OldField::key).map(f -> matches.containsKey(f) ? matches.get(f).name() : f.javaName)
                .sorted().toList();
        List<String> newKeys = schema.fields().stream().filter(FieldDescriptor::primaryKey).map(FieldDescriptor::name).sorted().toList();
        if (!oldKeys.equals(newKeys)) {
            throw refuse(sourceId, oldDescription, schema, "the primary key changed from " + oldKeys + " to " + newKeys);
        }
        List<ValueType<?>> readers = new ArrayList<>();
        int[] targets = new int[old.size()];
        for (int i = 0; i < old.size(); i++) {
            OldField field = old.get(i);
            FieldDescriptor now = matches.get(field);
            if (now != null && !now.type().descriptor().equals(field.descriptor)) {
                throw refuse(sourceId, oldDescription, schema, "component " + now.name() + " (\"" + field.name + "\") changed type from "
                        + field.descriptor + " to " + now.type().descriptor());
            }
            if (now != null) {
                readers.add(now.type());
                targets[i] = now.index();
            } else {
                ValueType<?> skip = typeOf(field.descriptor);
                if (skip == null) {
                    throw refuse(sourceId, oldDescription, schema, "the removed field \"" + field.name + "\" is a nested record ("
                            + field.descriptor + "), whose old layout cannot be skipped");
                }
                readers.add(skip);
                targets[i] = -1;
            }
        }
        List<FieldDescriptor> added = new ArrayList<>();
        for (FieldDescriptor field : schema.fields()) {
            if (!matched.contains(field)) {
                if (!field.nullable()) {
                    throw refuse(sourceId, oldDescription, schema, "component " + field.name() + " (" + field.type().descriptor()
                            + ") is new and required, so rows written before it have no value for it; make it nullable (a boxed"
                            + " type or Optional)");
                }
                added.add(field);
            }
        }
        int width = schema.fields().size();
        return in -> {
            Object[] values = new Object[width];
            for (int i = 0; i < targets.length; i++) {
                Object value = readers.get(i).read(in);
                if (targets[i] >= 0) {
                    values[targets[i]] = value;
                }
            }
            for (FieldDescriptor field : added) {
                values[field.index()] = field.type().absent();
            }
            return schema.build(values);
        };
    }

    private static PersistenceException refuse(String sourceId, String oldDescription, RowSchema<?> schema, String why) {
        return new PersistenceException("source \"" + sourceId + "\" was persisted with rows (" + oldDescription + ") that "
                + schema.name() + " (" + schema.description() + ") cannot read: " + why + ". Either keep the old record, or"
                + " start this source afresh under a new persistent id (it is then read from scratch).");
    }

    private static List<OldField> parse(String description) {
        List<OldField> fields = new ArrayList<>();
        if (description.isEmpty()) {
            return fields;
        }
        for (String part : description.split(", ")) {
            List<String> tokens = new ArrayList<>(List.of(part.split(" ")));
            String javaName = tokens.get(0);
            if (tokens.size() >= 4 && tokens.get(tokens.size() - 2).equals("as")) {
                javaName = tokens.remove(tokens.size() - 1);
                tokens.remove(tokens.size() - 1);
            }
            boolean key = tokens.size() == 3 && tokens.get(2).equals("key");
            if (tokens.size() < 2 || tokens.size() > 3 || (tokens.size() == 3 && !key)) {
                throw new PersistenceException("the persisted schema description (" + description + ") is damaged near \"" + part + "\"");
            }
            fields.add(new OldField(tokens.get(0), tokens.get(1), key, javaName));
        }
        return fields;
    }

    /** A value type that reads values of a persisted descriptor; null for nested records. */
    static ValueType<?> typeOf(String descriptor) {
        int open = descriptor.indexOf('<');
        if (open > 0 && descriptor.endsWith(">")) {
            String outer = descriptor.substring(0, open);
            String inner = descriptor.substring(open + 1, descriptor.length() - 1);
            if (outer.equals("enum")) {
                return ValueTypes.STRING; // enums are written as their constant's name
            }
            if (outer.equals("record")) {
                return null;
            }
            ValueType<?> item = typeOf(inner);
            if (item == null) {
                return null;
            }
            return switch (outer) {
                case "nullable" -> ValueTypes.nullable(item);
                case "optional" -> ValueTypes.optional(item);
                case "list" -> ValueTypes.list(item);
                default -> throw new PersistenceException("unknown persisted type " + descriptor);
            };
        }
        return switch (descriptor) {
            case "string" -> ValueTypes.STRING;
            case "boolean" -> ValueTypes.BOOLEAN;
            case "int" -> ValueTypes.INT;
            case "long" -> ValueTypes.LONG;
            case "float" -> ValueTypes.FLOAT;
            case "double" -> ValueTypes.DOUBLE;
            case "decimal" -> ValueTypes.BIG_DECIMAL;
            case "instant" -> ValueTypes.INSTANT;
            case "date" -> ValueTypes.LOCAL_DATE;
            case "datetime" -> ValueTypes.LOCAL_DATE_TIME;
            case "duration" -> ValueTypes.DURATION;
            case "uuid" -> ValueTypes.UUID_TYPE;
            case "bytes" -> ValueTypes.BYTES;
            default -> throw new PersistenceException("unknown persisted type " + descriptor);
        };
    }
}
