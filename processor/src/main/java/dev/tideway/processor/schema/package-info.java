/**
 * The {@code @Schema} step: {@code SchemaReader} builds a model of a
 * record (mapping each component's type with {@code TypeMapper}), {@code SchemaValidator} reports
 * what is wrong with it, and {@code CompanionWriter} writes {@code Foo_} for a valid one.
 */
package dev.tideway.processor.schema;
