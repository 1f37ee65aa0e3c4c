package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.UnitChanges;
import dev.tideway.spi.OutputConnector;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A source's units by name under its location: moves, the state format of version 3 (keyed changes
 * and the connector's offsets), and versions 2 and 1 read back; the log records of keyed changes and
 * offsets replayed.
 */
class SourceNodeTest {
    private static final Sale ADA = new Sale("oslo", "pen", 1, 1, 1.5);
    private static final Sale BOB = new Sale("rome", "ink", 2, 1, 2.5);

    private final Folder folder = new Folder();
    private final List<String> out = new ArrayList<>();
    private long time;

    @BeforeEach
    @AfterEach
    void forgetTheGraph() {
        Graph.detachCurrent();     // a fresh graph: another test may have left one on this thread
    }

    @Test
    void aVersion1StateKeepsItsUnitsPositionsAndRowKeys() {
        folder.location = "csv:/old/in";
        folder.files.put("1.csv", new Object[] {new byte[] {1, 2, 3}, List.of(ADA, BOB)});
        SourceNode<Sale> source = source();
        source.restore(new BinaryReader(version1(Map.of("csv:/old/in", List.of("1.csv")))));
        folder.location = "csv:/new/in";     // moved: the only location's units keep their names

        poll(source);
        assertThat(out).as("the same position: nothing read").isEmpty();
        folder.files.clear();
        poll(source);
        long seed = hash("csv:/old/in\u00001.csv");
        assertThat(out).containsExactly("- " + ADA + " " + KeyHasher.combine(seed, 0), "- " + BOB + " " + KeyHasher.combine(seed, 1));
    }

    @Test
    void unitsOfAVersion1StateInAnotherLocationThanTheCurrentAreRetractedByTheFirstPoll() {
        folder.location = "csv:/b";
        folder.files.put("1.csv", new Object[] {new byte[] {1, 2, 3}, List.of(ADA, BOB)});
        SourceNode<Sale> source = source();
        source.restore(new BinaryReader(version1(new LinkedHashMap<>(Map.of("csv:/a", List.of("1.csv"), "csv:/b", List.of("1.csv"))))));

        poll(source);
        long seed = hash("csv:/a\u00001.csv");
        assertThat(out).containsExactly("- " + ADA + " " + KeyHasher.combine(seed, 0), "- " + BOB + " " + KeyHasher.combine(seed, 1));
    }

    @Test
    void version1LogRecordsReplayWithTheirKeys() {
        SourceNode<Sale> source = source();
        BinaryWriter record = new BinaryWriter();
        record.writeByte(1);                      // replace: location, unit, position, count, rows
        record.writeString("csv:/old/in");
        record.writeString("1.csv");
        record.writeBytes(new byte[] {7});
        record.writeLength(1);
        BinaryWriter rows = new BinaryWriter();
        Sale_.SCHEMA.encode(ADA, rows);
        record.writeBytes(rows.toByteArray());
        graph().beginTime(++time);
        source.replay(record.toByteArray());
        graph().flush();
        BinaryWriter remove = new BinaryWriter();
        remove.writeByte(2);              // remove: location, unit
        remove.writeString("csv:/old/in");
        remove.writeString("1.csv");
        graph().beginTime(++time);
        source.replay(remove.toByteArray());
        graph().flush();

        long key = KeyHasher.combine(hash("csv:/old/in\u00001.csv"), 0);
        assertThat(out).containsExactly("+ " + ADA + " " + key, "- " + ADA + " " + key);
    }

    @Test
    void aSnapshotOfVersion3ReadsBackToTheSameState() {
        folder.files.put("1.csv", new Object[] {new byte[] {1}, List.of(ADA, BOB)});
        folder.files.put("sub/2.csv", new Object[] {new byte[] {2}, List.of(BOB)});
        SourceNode<Sale> source = source();
        poll(source);
        BinaryWriter first = new BinaryWriter();
        source.snapshot(first);

        Graph.detachCurrent();
        SourceNode<Sale> restored = source();
        restored.restore(new BinaryReader(first.toByteArray()));
        BinaryWriter second = new BinaryWriter();
        restored.snapshot(second);
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());

        out.clear();
        folder.files.remove("sub/2.csv");
        poll(restored);
        assertThat(out).containsExactly("- " + BOB + " " + KeyHasher.combine(hash("sales\u0000sub/2.csv"), 0));
    }

    @Test
    void keyedChangesAndOffsetsAreLoggedAsRecords8And9AndReplayToTheSameState() {
        Queue queue = new Queue();
        queue.changes.add(new Object[] {"k1", ADA});
        queue.changes.add(new Object[] {"k2", BOB});
        queue.changes.add(new Object[] {"k1", BOB});     // replaces ADA under k1
        queue.changes.add(new Object[] {"k2", null});    // deletes k2's row
        queue.offsets = new byte[] {4};
        SourceNode<Sale> source = queueSource(queue);
        poll(source);
        List<byte[]> log = source.drainLog();

        long k1 = hash("k1");
        // without a primary key, a keyed change's row is keyed by its message key in the table
        assertThat(out).containsExactlyInAnyOrder("+ " + BOB + " " + k1);
        assertThat(log).extracting(record -> record[0]).containsExactly((byte) 7, (byte) 8, (byte) 8, (byte) 8, (byte) 8, (byte) 9);
        BinaryWriter state = new BinaryWriter();
        source.snapshot(state);

        Graph.detachCurrent();
        out.clear();
        SourceNode<Sale> replayed = queueSource(new Queue());
        graph().beginTime(time);             // the batch's own time, as recovery replays it
        log.forEach(replayed::replay);
        graph().flush();
        assertThat(out).containsExactlyInAnyOrder("+ " + BOB + " " + k1);
        BinaryWriter again = new BinaryWriter();
        replayed.snapshot(again);
        assertThat(again.toByteArray()).isEqualTo(state.toByteArray());
    }

    @Test
    void aSnapshotOfVersion3KeepsTheOffsetsAndTheKeyedRowsAndPositionsOnlyTheOffsets() {
        Queue queue = new Queue();
        queue.changes.add(new Object[] {"k1", ADA});
        queue.offsets = new byte[] {9, 9};
        SourceNode<Sale> source = queueSource(queue);
        poll(source);
        BinaryWriter withRows = new BinaryWriter();
        source.snapshot(withRows);
        BinaryWriter positionsOnly = new BinaryWriter();
        source.snapshot(positionsOnly, false, null);

        Graph.detachCurrent();
        out.clear();
        Queue restarted = new Queue();
        SourceNode<Sale> restored = queueSource(restarted);
        restored.restore(new BinaryReader(withRows.toByteArray()));
        restarted.changes.add(new Object[] {"k1", null});
        poll(restored);
        assertThat(restarted.known).as("the offsets handed back to the connector").containsExactly(9, 9);
        assertThat(out).containsExactly("- " + ADA + " " + hash("k1"));

        Graph.detachCurrent();
        out.clear();
        Queue positions = new Queue();
        SourceNode<Sale> fromPositions = queueSource(positions);
        fromPositions.restore(new BinaryReader(positionsOnly.toByteArray()));
        positions.changes.add(new Object[] {"k1", null});
        poll(fromPositions);
        assertThat(positions.known).containsExactly(9, 9);
        assertThat(out).as("no keyed row was kept: the tombstone finds nothing").isEmpty();
    }

    @Test
    void anAppendOnlySourceRefusesKeyedChanges() {
        Queue queue = new Queue();
        queue.changes.add(new Object[] {"k1", ADA});
        SourceNode<Sale> source = queueSource(queue);
        source.declareAppendOnly();
        assertThatThrownBy(() -> poll(source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source \"queue\" is append-only: it cannot take keyed changes (upsert), which replace or delete the"
                        + " row of their key. Read the source in append mode, or create the table without appendOnly()");
        assertThat(out).isEmpty();
    }

    @Test
    void aStateOfVersion2ReadsBackWithoutOffsets() {
        folder.files.put("1.csv", new Object[] {new byte[] {1}, List.of(ADA)});
        SourceNode<Sale> source = source();
        source.restore(new BinaryReader(version2("1.csv", new byte[] {1}, ADA)));
        poll(source);
        assertThat(out).as("the same position: nothing read").isEmpty();

        folder.files.clear();
        poll(source);
        assertThat(out).containsExactly("- " + ADA + " " + KeyHasher.combine(hash("sales\u00001.csv"), 0));
        BinaryWriter rewritten = new BinaryWriter();
        source.snapshot(rewritten);
        assertThat(rewritten.toByteArray()[2]).as("written again as version 3").isEqualTo((byte) 3);
    }

    @Test
    void theFirstPollAfterTheLocationChangedLogsAWarningWithWhatItFound() {
        folder.files.put("same.csv", new Object[] {new byte[] {1}, List.of(ADA)});
        folder.files.put("changed.csv", new Object[] {new byte[] {2}, List.of(ADA)});
        folder.files.put("gone.csv", new Object[] {new byte[] {3}, List.of(BOB)});
        SourceNode<Sale> source = source();
        poll(source);

        folder.location = "csv:/elsewhere";
        folder.files.put("changed.csv", new Object[] {new byte[] {4}, List.of(BOB)});
        folder.files.remove("gone.csv");
        folder.files.put("new.csv", new Object[] {new byte[] {5}, List.of(BOB)});
        ListAppender<ILoggingEvent> logged = capture();
        try {
            poll(source);
            poll(source);
        } finally {
            ((Logger) LoggerFactory.getLogger(SourceNode.class)).detachAppender(logged);
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("source \"sales\" now reads csv:/elsewhere (it read csv:/in before). Of"
                    + " the 3 units read before, 1 are the same (not read again), 1 changed (read again) and 1 are not there"
                    + " (their rows are retracted); 1 are new.");
        });
    }

    // ---- helpers ----

    private SourceNode<Sale> source() {
        SourceNode<Sale> source = new SourceNode<>(Graph.current(), folder, "sales");
        source.assignPersistentId("sales");
        source.recording(true);
        new SinkNode<>(Graph.current(), source, Sale_.SCHEMA, new Recording());
        return source;
    }

    private Graph graph() {
        return Graph.current();
    }

    private void poll(SourceNode<Sale> source) {
        try {
            graph().beginTime(++time);
            source.poll(time);
            graph().flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(SourceNode.class)).addAppender(appender);
        return appender;
    }

    private static long hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return KeyHasher.hash(bytes, bytes.length);
    }

    /** A source state as version 1 wrote it: per location its units, each with position {1, 2, 3} and rows ADA, BOB inline. */
    private static byte[] version1(Map<String, List<String>> units) {
        BinaryWriter out = new BinaryWriter();
        out.writeLength(units.size());
        units.forEach((location, names) -> {
            out.writeString(location);
            out.writeLength(names.size());
            for (String name : names) {
                out.writeString(name);
                out.writeBytes(new byte[] {1, 2, 3});
                out.writeLength(2);
                out.writeByte(2);
                BinaryWriter rows = new BinaryWriter();
                Sale_.SCHEMA.encode(ADA, rows);
                Sale_.SCHEMA.encode(BOB, rows);
                out.writeBytes(rows.toByteArray());
            }
        });
        out.writeLength(0);
        return out.toByteArray();
    }

    private SourceNode<Sale> queueSource(Queue queue) {
        SourceNode<Sale> source = new SourceNode<>(Graph.current(), queue, "queue");
        source.assignPersistentId("queue");
        source.recording(true);
        new SinkNode<>(Graph.current(), source, Sale_.SCHEMA, new Recording());
        return source;
    }

    /**
     * A source state as version 2 wrote it (before the offsets and the keyed changes): location csv:/in,
     * policy REJECT, one unit with one row inline, no event rows.
     */
    private static byte[] version2(String unit, byte[] position, Sale row) {
        BinaryWriter out = new BinaryWriter();
        out.writeByte(0x80);
        out.writeByte(0x00);
        out.writeByte(2);
        out.writeString("csv:/in");
        out.writeByte(0);
        out.writeUnsignedVarLong(1);
        out.writeLength(1);
        out.writeString(unit);
        out.writeBytes(position);
        out.writeLength(1);
        out.writeFixedLong(hash("sales\u0000" + unit));
        out.writeUnsignedVarLong(0);
        out.writeLong(1);
        out.writeBytes(new byte[0]);
        out.writeByte(2);
        BinaryWriter rows = new BinaryWriter();
        Sale_.SCHEMA.encode(row, rows);
        out.writeBytes(rows.toByteArray());
        out.writeLength(0);
        return out.toByteArray();
    }

    /** A message queue as a connector sees it: each poll reports the changes queued, {message key, row or null}, then the offsets. */
    private static final class Queue implements InputConnector<Sale> {
        final List<Object[]> changes = new ArrayList<>();
        byte[] offsets;
        /** The offsets the engine held at the last poll. */
        byte[] known;

        @Override
        public RowSchema<Sale> schema() {
            return Sale_.SCHEMA;
        }

        @Override
        public String location() {
            return "queue:sales";
        }

        @Override
        public String kind() {
            return "queue";
        }

        @Override
        public boolean streaming() {
            return true;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ZERO;
        }

        @Override
        public void poll(KnownUnits held, UnitChanges<Sale> report) {
            known = held.offsets();
            for (Object[] change : changes) {
                report.upsert(((String) change[0]).getBytes(StandardCharsets.UTF_8), (Sale) change[1]);
            }
            changes.clear();
            if (offsets != null) {
                report.offsets(offsets);
            }
        }
    }

    /** A folder of files as a connector sees it: name → {position, rows}; polled like the file scanner. */
    private static final class Folder implements InputConnector<Sale> {
        String location = "csv:/in";
        final Map<String, Object[]> files = new LinkedHashMap<>();

        @Override
        public RowSchema<Sale> schema() {
            return Sale_.SCHEMA;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public String kind() {
            return "csv";
        }

        @Override
        public boolean streaming() {
            return true;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ZERO;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void poll(KnownUnits known, UnitChanges<Sale> changes) {
            files.forEach((name, file) -> {
                byte[] position = (byte[]) file[0];
                byte[] held = known.position(name);
                if (held == null || !java.util.Arrays.equals(held, position)) {
                    changes.replace(name, position, (List<Sale>) file[1]);
                }
            });
            for (String name : known.units()) {
                if (!files.containsKey(name)) {
                    changes.remove(name);
                }
            }
        }
    }

    /** Records "+ row key" and "- row key". */
    private final class Recording implements OutputConnector<Sale> {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void open(long committedPosition) {}

        @Override
        public void write(long at, ChangeBatch<Sale> changes, RowSchema<Sale> schema) {
            for (int i = 0; i < changes.size(); i++) {
                out.add((changes.diff(i) > 0 ? "+ " : "- ") + changes.row(i) + " " + changes.key(i));
            }
        }

        @Override
        public long commit() {
            return -1;
        }

        @Override
        public void close() {}
    }
}
