package dev.tideway;

import dev.tideway.persistence.PersistenceConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Tideway#run(RunConfig)} runs: with or without persistence, and whether SIGINT and
 * SIGTERM stop it gracefully (the default). Immutable: each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * Tideway.run(RunConfig.defaults()
 *         .withPersistence(PersistenceConfig.of(Backend.filesystem(Path.of("state"))))
 *         .withHandleSignals(false));                 // the program stops the run itself
 * }</pre>
 */
public final class RunConfig {
    private final PersistenceConfig persistence;
    private final boolean handleSignals;

    private RunConfig(PersistenceConfig persistence, boolean handleSignals) {
        this.persistence = persistence;
        this.handleSignals = handleSignals;
    }

    /** No persistence; signals stop the run gracefully. */
    public static RunConfig defaults() {
        return new RunConfig(null, true);
    }

    /** Whether SIGINT and SIGTERM stop the run gracefully (finish the batch, commit, return). */
    public RunConfig withHandleSignals(boolean handle) {
        return new RunConfig(persistence, handle);
    }

    /**
     * Persists the run as configured: a restart continues where it stopped.
     *
     * @throws NullPointerException if {@code persistence} is null
     */
    public RunConfig withPersistence(PersistenceConfig persistence) {
        return new RunConfig(Objects.requireNonNull(persistence, "persistence"), handleSignals);
    }

    /** The persistence of the run; empty for a run that persists nothing. */
    public Optional<PersistenceConfig> persistence() {
        return Optional.ofNullable(persistence);
    }

    /** Whether SIGINT and SIGTERM stop the run gracefully. */
    public boolean handleSignals() {
        return handleSignals;
    }
}
