package dev.tideway.schema;

import java.util.Objects;

/**
 * One component of a schema: its position, its Java name, the name it has in external data (CSV
 * header, JSON field, persisted schema), its value type, and whether it is part of the primary key.
 */
public record FieldDescriptor(int index, String name, String externalName, ValueType<?> type, boolean primaryKey) {
    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(externalName, "externalName");
        Objects.requireNonNull(type, "type");
    }

    /** Whether rows may leave this field absent (null or empty). */
    public boolean nullable() {
        return type.nullable();
    }
}
