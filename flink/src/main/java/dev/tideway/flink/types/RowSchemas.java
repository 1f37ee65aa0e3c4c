package dev.tideway.flink.types;

import dev.tideway.schema.RowSchema;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Finds the {@link RowSchema} of a {@code @Schema} record class: the {@code SCHEMA} constant of its
 * generated companion ({@code Word} → {@code Word_}, {@code Outer.Inner} → {@code Outer_Inner_}), or
 * the class's own {@code SCHEMA} constant for the runtime's hand-written records.
 *
 * <p>Flink ships a serializer as Java-serialized bytes and restores a serializer snapshot by class
 * name, so a serializer of Tideway rows carries its record class, not the schema object; this lookup
 * runs once per serializer instance, never per row.
 */
public final class RowSchemas {
    private RowSchemas() {}

    /**
     * The schema of {@code type}.
     *
     * @throws IllegalArgumentException if neither constant exists, naming the class
     */
    @SuppressWarnings("unchecked")
    public static <T> RowSchema<T> of(Class<T> type) {
        String simple = type.getName().substring(type.getPackageName().isEmpty() ? 0 : type.getPackageName().length() + 1);
        String companion = (type.getPackageName().isEmpty() ? "" : type.getPackageName() + ".") + simple.replace('$', '_') + "_";
        RowSchema<?> schema = constant(companion, type.getClassLoader());
        if (schema == null) {
            schema = constant(type.getName(), type.getClassLoader());
        }
        if (schema == null || schema.type() != type) {
            throw new IllegalArgumentException("no RowSchema for " + type.getName() + ": neither " + companion + ".SCHEMA (the companion the"
                    + " annotation processor generates for a @Schema record) nor " + type.getName() + ".SCHEMA exists; is the record"
                    + " annotated with @Schema, and compiled with tideway-processor on the annotation processor path?");
        }
        return (RowSchema<T>) schema;
    }

    /** Resolves a record class by name with {@code loader} and returns its schema. */
    public static RowSchema<?> of(String className, ClassLoader loader) {
        try {
            return of(Class.forName(className, false, loader));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("the record class " + className + " of Tideway rows in Flink state is not on the class path"
                    + " of this job; restore the state with a job that still has it", e);
        }
    }

    private static RowSchema<?> constant(String className, ClassLoader loader) {
        try {
            Class<?> holder = Class.forName(className, true, loader);
            Field field = holder.getField("SCHEMA");
            if (!Modifier.isStatic(field.getModifiers()) || !RowSchema.class.isAssignableFrom(field.getType())) {
                return null;
            }
            return (RowSchema<?>) field.get(null);
        } catch (ClassNotFoundException | NoSuchFieldException | IllegalAccessException e) {
            return null;
        }
    }
}
