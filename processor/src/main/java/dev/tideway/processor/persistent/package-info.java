/**
 * The {@code @PersistentSource} step: for each class with such methods, a reader, a validator of ids,
 * methods and class, and the writer of the binding subclass {@code Foo_Persistent}.
 */
package dev.tideway.processor.persistent;
