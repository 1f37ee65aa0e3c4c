package dev.tideway.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record components a row's key is derived from, like Pathway's {@code primary_key}.
 *
 * <p>The key is a hash of these values' binary encoding, so it is the same across runs and across
 * sources. Without a primary key, a row's key comes from where it was read (file and line).
 *
 * <pre>{@code
 * @Schema
 * public record Account(@PrimaryKey String id, long balance) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface PrimaryKey {}
