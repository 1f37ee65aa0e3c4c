package dev.tideway.spi;

import dev.tideway.InputException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.BadRowPolicy;

/**
 * Applies a {@link BadRowPolicy} to the bad rows a file reader meets: stops with an
 * {@link InputException}, or logs, counts and reports the row and lets the reader skip it.
 */
public final class BadRowHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BadRowHandler.class);

    private final BadRowPolicy policy;
    private final AtomicLong skipped;
    private final Consumer<? super BadRow> consumer;
    /** The rows this handler skipped: one source's, where {@code skipped} is shared by copies of the options. */
    private final AtomicLong skippedHere = new AtomicLong();

    public BadRowHandler(BadRowPolicy policy, AtomicLong skipped, Consumer<? super BadRow> consumer) {
        this.policy = policy;
        this.skipped = skipped;
        this.consumer = consumer;
    }

    /** The rows this handler (one source's) skipped so far; thread-safe. */
    public long skipped() {
        return skippedHere.get();
    }

    /**
     * Handles one bad row: returns when the row is to be skipped, throws when the run must stop.
     *
     * @throws InputException under {@link BadRowPolicy#STOP}
     */
    public void handle(BadRow row) {
        if (policy == BadRowPolicy.STOP) {
            throw new InputException(row.describe()
                    + ". Fix the row, or read with the bad-row policy SKIP to skip and report such rows.");
        }
        skipped.incrementAndGet();
        skippedHere.incrementAndGet();
        LOG.warn("Skipped a bad row: {}", row.describe());
        if (consumer != null) {
            consumer.accept(row);
        }
    }
}
