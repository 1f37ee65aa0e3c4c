package dev.tideway.io.subscribe;

import dev.tideway.Table;
import dev.tideway.spi.Connectors;
import dev.tideway.internal.io.subscribe.SubscribeSink;

/**
 * Callbacks on a table's changes, as Pathway's {@code pw.io.subscribe}.
 *
 * <pre>{@code
 * Subscribe.subscribe(counts,
 *         (key, row, time, isAddition) -> System.out.println((isAddition ? "+ " : "- ") + row + " at " + time),
 *         () -> System.out.println("done"));
 * }</pre>
 *
 * <p>The callbacks run on the thread of the run, in the order of the changes; {@code onChange} sees
 * each logical time's changes consolidated, and {@code onEnd} is called once when the run ends.
 */
public final class Subscribe {
    private Subscribe() {}

    /** Calls {@code onChange} for every change of {@code table}, and {@code onEnd} when the run ends. */
    public static <T> void subscribe(Table<T> table, OnChange<T> onChange, Runnable onEnd) {
        Connectors.sink(table, new SubscribeSink<>(onChange, onEnd));
    }

    /** Calls {@code onChange} for every change of {@code table}. */
    public static <T> void subscribe(Table<T> table, OnChange<T> onChange) {
        subscribe(table, onChange, () -> {});
    }
}
