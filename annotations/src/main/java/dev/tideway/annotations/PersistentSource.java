package dev.tideway.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the source created by a pipeline method to a persistent id, the name under which its input
 * log and offsets are kept across runs.
 *
 * <p>The id names the data, not its location: the same id read from another path, or in another
 * format, continues the same table. Ids are checked at compile time: they must be 1 to 128
 * characters from {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}, and unique within the class.
 *
 * <pre>{@code
 * @PersistentSource(id = "words_source")
 * Table<Word> words(Path inputs) {
 *     return Csv.read(inputs, Word_.SCHEMA);
 * }
 * }</pre>
 *
 * <p>Sources created outside such a method get ids by their order of creation, which changes when
 * the pipeline changes; name every source whose state must survive code changes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PersistentSource {
    /** The persistent id: 1 to 128 characters from {@code [A-Za-z0-9._-]}. */
    String id();
}
