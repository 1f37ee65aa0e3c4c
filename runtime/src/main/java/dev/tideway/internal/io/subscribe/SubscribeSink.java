package dev.tideway.internal.io.subscribe;

import dev.tideway.UserFunctionException;
import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.OutputConnector;
import dev.tideway.schema.RowSchema;
import java.util.Objects;
import dev.tideway.io.subscribe.OnChange;
import dev.tideway.io.subscribe.Subscribe;

/**
 * Hands a table's changes to callbacks; see {@link Subscribe#subscribe}.
 *
 * @param <T> the row type
 */
public final class SubscribeSink<T> implements OutputConnector<T> {
    private final OnChange<T> onChange;
    private final Runnable onEnd;
    private boolean ended;

    public SubscribeSink(OnChange<T> onChange, Runnable onEnd) {
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    }

    @Override
    public String name() {
        return "subscribe";
    }

    @Override
    public void open(long committedPosition) {}

    @Override
    public void write(long time, ChangeBatch<T> changes, RowSchema<T> schema) {
        for (int i = 0; i < changes.size(); i++) {
            T row = changes.row(i);
            try {
                onChange.onChange(changes.key(i), row, time, changes.diff(i) > 0);
            } catch (RuntimeException e) {
                throw new UserFunctionException("the subscribe callback", null, changes.key(i), row, null, e);
            }
        }
    }

    /** Callbacks have no position to persist: after a crash, changes since the last commit are repeated. */
    @Override
    public long commit() {
        return -1;
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }
}
