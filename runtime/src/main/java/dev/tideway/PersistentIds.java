package dev.tideway;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Binds the source a pipeline method creates to a persistent id. Code generated for
 * {@code @PersistentSource} methods calls {@link #bind}; connectors read {@link #current()} when they
 * create a source.
 */
public final class PersistentIds {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private PersistentIds() {}

    /**
     * Runs {@code body} with {@code id} as the persistent id of the source it creates.
     *
     * @throws IllegalStateException if a bound method calls another bound method
     */
    public static <T> Table<T> bind(String id, Supplier<Table<T>> body) {
        Objects.requireNonNull(id, "id");
        String outer = CURRENT.get();
        if (outer != null) {
            throw new IllegalStateException("@PersistentSource(id = \"" + id + "\") is called while the source \""
                    + outer + "\" is being created; a persistent source method must not call another one");
        }
        CURRENT.set(id);
        try {
            return body.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** The id the source being created should take, if it is created by a bound method. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
