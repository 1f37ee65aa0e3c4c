package dev.tideway.samples.persistence;

import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.TransactionalOutputConnector;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A topic in memory with transactions, for the tests of the two-phase sink SPI: changes written in
 * a transaction are visible ({@link #committed()}) only once it commits; opening a new writer
 * aborts what the last one left open, as a Kafka producer's {@code initTransactions} does.
 */
final class MemoryTopic {
    /** Where the second phase fails, as a crash there would stop it. */
    enum Crash { NONE, BEFORE_COMMIT, AFTER_COMMIT }

    private final List<String> committed = new ArrayList<>();
    private final Map<Long, List<String>> open = new HashMap<>();
    private final Map<Long, Boolean> outcomes = new HashMap<>();
    private long nextTransaction;

    synchronized List<String> committed() {
        return new ArrayList<>(committed);
    }

    <T> Sink<T> sink(String name, Crash crash, LongConsumer beforeCommit) {
        return new Sink<>(name, crash, beforeCommit);
    }

    private synchronized void abortOpen() {
        open.keySet().forEach(id -> outcomes.put(id, false));
        open.clear();
    }

    final class Sink<T> implements TransactionalOutputConnector<T> {
        private final String name;
        private final Crash crash;
        private final LongConsumer beforeCommit;
        private final List<String> buffer = new ArrayList<>();
        private long position;
        private long transaction = -1;
        private List<String> preparedChanges = List.of();
        /** What recovery did: "none", "committed" (nothing written again) or "rewritten N". */
        String recovered;

        Sink(String name, Crash crash, LongConsumer beforeCommit) {
            this.name = name;
            this.crash = crash;
            this.beforeCommit = beforeCommit;
        }

        @Override
        public String name() {
            return "memory-topic:" + name;
        }

        @Override
        public void open(long committedPosition) {
            position = Math.max(0, committedPosition);
        }

        @Override
        public void recover(byte[] prepared) {
            abortOpen();
            if (prepared == null) {
                recovered = "none";
                return;
            }
            String[] lines = new String(prepared, StandardCharsets.UTF_8).split("\n");
            boolean wasCommitted;
            synchronized (MemoryTopic.this) {
                wasCommitted = outcomes.getOrDefault(Long.parseLong(lines[0]), false);
            }
            if (wasCommitted) {
                recovered = "committed";
            } else {
                buffer.addAll(0, Arrays.asList(lines).subList(1, lines.length));
                recovered = "rewritten " + (lines.length - 1);
            }
        }

        @Override
        public void write(long time, ChangeBatch<T> changes, RowSchema<T> schema) {
            for (int i = 0; i < changes.size(); i++) {
                buffer.add((changes.diff(i) > 0 ? "+ " : "- ") + changes.row(i));
            }
        }

        @Override
        public long commit() {
            if (buffer.isEmpty()) {
                return position;
            }
            synchronized (MemoryTopic.this) {
                transaction = nextTransaction++;
                open.put(transaction, new ArrayList<>(buffer));
            }
            preparedChanges = new ArrayList<>(buffer);
            buffer.clear();
            return ++position;
        }

        @Override
        public byte[] prepared() {
            if (transaction < 0) {
                return null;
            }
            return (transaction + "\n" + String.join("\n", preparedChanges)).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void commitPrepared() throws IOException {
            if (transaction < 0) {
                return;
            }
            beforeCommit.accept(position);
            if (crash == Crash.BEFORE_COMMIT) {
                throw new IOException("simulated crash before the transaction commits");
            }
            synchronized (MemoryTopic.this) {
                committed.addAll(open.remove(transaction));
                outcomes.put(transaction, true);
            }
            transaction = -1;
            if (crash == Crash.AFTER_COMMIT) {
                throw new IOException("simulated crash after the transaction committed");
            }
        }

        @Override
        public void close() {}
    }
}
