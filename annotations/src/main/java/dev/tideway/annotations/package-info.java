/**
 * The annotations of Tideway's public API: {@link dev.tideway.annotations.Schema} on row records,
 * {@link dev.tideway.annotations.PersistentSource} on pipeline methods,
 * {@link dev.tideway.annotations.Column} and {@link dev.tideway.annotations.PrimaryKey} on record
 * components.
 */
package dev.tideway.annotations;
