package dev.tideway;

import dev.tideway.internal.engine.Checkpointing;
import java.util.Objects;

/**
 * How {@link Tideway#run(RunConfig)} runs: with or without persistence, and whether SIGINT and
 * SIGTERM stop it gracefully (the default).
 */
public final class RunConfig {
    private final Checkpointing checkpointing;
    private final boolean handleSignals;

    private RunConfig(Checkpointing checkpointing, boolean handleSignals) {
        this.checkpointing = Objects.requireNonNull(checkpointing);
        this.handleSignals = handleSignals;
    }

    /** No persistence; signals stop the run gracefully. */
    public static RunConfig defaults() {
        return new RunConfig(Checkpointing.NONE, true);
    }

    public RunConfig withHandleSignals(boolean handle) {
        return new RunConfig(checkpointing, handle);
    }

    /** Persists the run as configured. */
    public RunConfig withPersistence(dev.tideway.persistence.PersistenceConfig persistence) {
        return withCheckpointing(persistence.checkpointing());
    }

    /** Persistence as the engine sees it; {@code PersistenceConfig} makes one. */
    public RunConfig withCheckpointing(Checkpointing value) {
        return new RunConfig(value, handleSignals);
    }

    public Checkpointing checkpointing() {
        return checkpointing;
    }

    public boolean handleSignals() {
        return handleSignals;
    }
}
