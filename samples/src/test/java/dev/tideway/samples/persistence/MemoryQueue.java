package dev.tideway.samples.persistence;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.RowSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A message queue in memory, for the tests of the source-offset SPI: one partition of messages
 * (a key and a row, or a null row for a tombstone), read through {@link #connector} as a queue
 * connector reads a topic: it seeks to the offset the engine committed, reports each message as an
 * event (append) or a keyed change (upsert), then its next offset. The run ends once the end is
 * read, or fails at a chosen poll, as a crash would (nothing of that batch is committed).
 *
 * @param <T> the row type
 */
final class MemoryQueue<T> {
    record Message<T>(String key, T row) {}

    private final List<Message<T>> messages = new ArrayList<>();

    void append(String key, T row) {
        messages.add(new Message<>(key, row));
    }

    int size() {
        return messages.size();
    }

    /**
     * A connector reading at most {@code perPoll} messages a poll; {@code failAtPoll} > 0 throws at
     * that poll (1-based) instead of reading.
     */
    Reader connector(RowSchema<T> schema, boolean upsert, int perPoll, int failAtPoll) {
        return new Reader(schema, upsert, perPoll, failAtPoll);
    }

    final class Reader implements InputConnector<T> {
        private final RowSchema<T> schema;
        private final boolean upsert;
        private final int perPoll;
        private final int failAtPoll;
        private int polls;
        private long next = -1;
        private DuplicateKeyPolicy duplicateKeys = DuplicateKeyPolicy.REJECT;
        /** The offset the first poll was told to start at, -1 when the engine held none. */
        long seekedTo = -1;
        /** The offsets acknowledged after commits. */
        final List<Long> acknowledged = new ArrayList<>();

        Reader(RowSchema<T> schema, boolean upsert, int perPoll, int failAtPoll) {
            this.schema = schema;
            this.upsert = upsert;
            this.perPoll = perPoll;
            this.failAtPoll = failAtPoll;
        }

        /** Reads with {@code policy} for rows whose primary key another row holds (REJECT unless set). */
        Reader withDuplicateKeys(DuplicateKeyPolicy policy) {
            this.duplicateKeys = policy;
            return this;
        }

        @Override
        public RowSchema<T> schema() {
            return schema;
        }

        @Override
        public DuplicateKeyPolicy duplicateKeys() {
            return duplicateKeys;
        }

        @Override
        public String location() {
            return "memory-queue";
        }

        @Override
        public String kind() {
            return "queue";
        }

        @Override
        public boolean streaming() {
            return next < messages.size();
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(1);
        }

        @Override
        public void poll(KnownUnits known, UnitChanges<T> changes) {
            if (++polls == failAtPoll) {
                throw new IllegalStateException("simulated crash at poll " + polls);
            }
            if (next < 0) {
                byte[] committed = known.offsets();
                seekedTo = committed == null ? -1 : ByteBuffer.wrap(committed).getLong();
                next = Math.max(0, seekedTo);
            }
            int end = (int) Math.min(messages.size(), next + perPoll);
            for (int i = (int) next; i < end; i++) {
                Message<T> message = messages.get(i);
                if (upsert) {
                    changes.upsert(message.key().getBytes(StandardCharsets.UTF_8), message.row());
                } else {
                    changes.event(message.row(), 1);
                }
            }
            next = end;
            changes.offsets(ByteBuffer.allocate(8).putLong(next).array());
        }

        @Override
        public void committed(byte[] offsets) {
            acknowledged.add(offsets == null ? -1 : ByteBuffer.wrap(offsets).getLong());
        }
    }
}
