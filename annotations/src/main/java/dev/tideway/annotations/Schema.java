package dev.tideway.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as the schema of a table's rows.
 *
 * <p>The Tideway annotation processor generates a companion class next to the record, named after
 * it with a trailing underscore ({@code Word} becomes {@code Word_}; a nested {@code Outer.Inner}
 * becomes {@code Outer_Inner_}). The companion holds a typed column reference per component, the
 * schema descriptor {@code SCHEMA} (binary codec, CSV and JSON mappings, key extraction) and a typed
 * constructor of rows from expressions, {@code of(...)}.
 *
 * <pre>{@code
 * @Schema
 * public record WordCount(String word, long count) {}
 *
 * Table<WordCount> counts = words.groupBy(Word_.word)
 *         .reduce(WordCount_.of(Word_.word, Reducers.count()));
 * }</pre>
 *
 * <p>Supported component types: {@code String}, {@code boolean}, {@code int}, {@code long},
 * {@code float}, {@code double} and their boxed forms, {@code BigDecimal}, {@code Instant},
 * {@code LocalDate}, {@code LocalDateTime}, {@code Duration}, {@code UUID}, enums, {@code byte[]},
 * {@code Optional<T>} and {@code List<T>} of a supported type, and other {@code @Schema} records.
 * Boxed types and {@code Optional} are nullable; every other type is required, unless the component
 * is annotated {@code @Nullable} (any annotation of that simple name, such as JSpecify's
 * {@code org.jspecify.annotations.Nullable}): its absent value is then null, stored as absent in the
 * codec, an empty CSV cell and a JSON {@code null} or missing field.
 *
 * <pre>{@code
 * @Schema
 * public record Customer(String id, @Nullable String email) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Schema {}
