/**
 * Persistence of pipeline state: where it is stored ({@link dev.tideway.persistence.Backend}), who
 * may use it ({@link dev.tideway.persistence.StateLock}) and the errors a user can act on
 * ({@link dev.tideway.persistence.PersistenceException}).
 *
 * <p>The storage layer itself (write-ahead log, snapshots, metadata) is internal
 * ({@code dev.tideway.internal.storage}); its formats are in {@code docs/state-format.md}.
 */
package dev.tideway.persistence;
