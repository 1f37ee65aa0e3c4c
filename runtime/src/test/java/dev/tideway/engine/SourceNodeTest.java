package dev.tideway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tideway.engine.fixtures.Sale;
import dev.tideway.engine.fixtures.Sale_;
import dev.tideway.engine.input.InputConnector;
import dev.tideway.engine.input.KnownUnits;
import dev.tideway.engine.input.UnitChanges;
import dev.tideway.engine.output.OutputConnector;
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

/** A source's units by name under its location: moves, the state format of version 2, and version 1 read back. */
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
    void aSnapshotOfVersion2ReadsBackToTheSameState() {
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
        public void write(long at, Changes changes, RowSchema<Sale> schema) {
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
