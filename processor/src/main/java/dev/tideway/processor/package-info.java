/**
 * The Tideway annotation processor. {@link dev.tideway.processor.TidewayProcessor} routes elements
 * to one step per annotation ({@code schema/}, {@code persistent/}); each step reads a model, validates
 * it and writes code through {@link dev.tideway.processor.GeneratedSourceWriter}. Every diagnostic is
 * a {@link dev.tideway.processor.Message}.
 */
package dev.tideway.processor;
