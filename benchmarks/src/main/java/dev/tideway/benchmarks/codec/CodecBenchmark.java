package dev.tideway.benchmarks.codec;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode of one {@link Event} with its generated codec, as the write-ahead log and
 * snapshots do for every row.
 *
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/tideway-benchmarks.jar CodecBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private static final RowSchema<Event> SCHEMA = Event_.SCHEMA;

    private Event event;
    private BinaryWriter writer;
    private byte[] encoded;

    @Setup
    public void setUp() {
        event = new Event("user-4711", 1_234_567L, 42.75, Instant.parse("2026-11-21T10:15:30.123Z"),
                Optional.of("https://example.org/landing"));
        writer = new BinaryWriter();
        SCHEMA.encode(event, writer);
        encoded = writer.toByteArray();
    }

    /** Encodes into a reused buffer, as the log writer does. */
    @Benchmark
    public int encode() {
        writer.reset();
        SCHEMA.encode(event, writer);
        return writer.size();
    }

    @Benchmark
    public Event decode() {
        BinaryReader in = new BinaryReader(encoded);
        Event decoded = SCHEMA.decode(in);
        in.requireEnd();
        return decoded;
    }

    /** Encode then decode, the round trip of a row through a snapshot. */
    @Benchmark
    public Event roundTrip() {
        writer.reset();
        SCHEMA.encode(event, writer);
        return SCHEMA.decode(new BinaryReader(writer.buffer(), 0, writer.size()));
    }
}
