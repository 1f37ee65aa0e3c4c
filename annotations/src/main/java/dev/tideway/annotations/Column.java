package dev.tideway.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a record component the name it has in external data: the CSV header, the JSON field.
 * Without it, the external name is the component's name.
 *
 * <pre>{@code
 * @Schema
 * public record Event(@Column(name = "datetime") Instant date, String kind) {}
 * }</pre>
 *
 * <p>The external name is also what persisted state is matched by, so renaming the component in Java
 * while keeping {@code @Column(name = "old name")} reads state written before the rename.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Column {
    /** The component's name in CSV headers and JSON objects. */
    String name();
}
