package dev.tideway.benchmarks.log;

import dev.tideway.benchmarks.e2e.WordData;
import dev.tideway.persistence.Backend;
import dev.tideway.internal.storage.FramedObject;
import dev.tideway.internal.storage.Frames;
import dev.tideway.internal.storage.ObjectFormat;
import dev.tideway.internal.storage.WriteAheadLog;
import dev.tideway.samples.wordcount.Word;
import dev.tideway.samples.wordcount.Word_;
import dev.tideway.schema.BinaryWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot pieces of persisting what a source reads, on one CSV file's worth of the word count's
 * rows (50,000 Zipf-distributed words of 5,000): encoding them with the generated codec, making the
 * rows object of format 1 (uncompressed, as before) and of format 2 (Zstandard), and appending
 * the rows to the write-ahead log and committing a segment (format 2: one compressed block) on the
 * in-memory backend, so that the disk's fsync, which {@link WriteAheadLogBenchmark} measures, is
 * left out. Time per file of 50,000 rows; divide by 50,000 for a row. The sizes are printed at
 * setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RowStorageBenchmark {
    static final int ROWS = 50_000;

    private final List<Word> rows = new ArrayList<>();
    private final BinaryWriter encoded = new BinaryWriter(1 << 20);
    private final BinaryWriter record = new BinaryWriter(64);
    private final BinaryWriter segment = new BinaryWriter(1 << 20);
    private WriteAheadLog log;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        WordData data = new WordData(5000, 42);
        for (int i = 0; i < ROWS; i++) {
            rows.add(new Word(data.nextWord()));
        }
        log = new WriteAheadLog(Backend.memory(), "words");
        int raw = encode();
        System.out.printf("%n%,d rows: %,d bytes encoded, rows object format 1: %,d bytes, format 2: %,d bytes, CSV: %,d bytes%n",
                ROWS, raw, unitRowsFormat1().length, unitRowsFormat2().length,
                rows.stream().mapToInt(w -> w.word().getBytes(StandardCharsets.UTF_8).length + 1).sum());
    }

    /** The rows encoded by the generated codec, as a source encodes a file's rows. */
    @Benchmark
    public int encode() {
        encoded.reset();
        for (Word row : rows) {
            Word_.SCHEMA.encode(row, encoded);
        }
        return encoded.size();
    }

    /** Encoded, then the rows object as format 1 made it: a copy of the rows, framed, after the header. */
    @Benchmark
    public byte[] unitRowsFormat1() {
        encode();
        byte[] copy = Arrays.copyOf(encoded.buffer(), encoded.size());
        return ObjectFormat.UNIT_ROWS.prefix(Frames.frame(copy));
    }

    /** Encoded, then the rows object of format 2: a copy (handed to the writer thread), compressed, framed. */
    @Benchmark
    public byte[] unitRowsFormat2() {
        encode();
        byte[] copy = Arrays.copyOf(encoded.buffer(), encoded.size());
        return FramedObject.write(ObjectFormat.UNIT_ROWS, copy, 0, copy.length);
    }

    /**
     * Each row as a log record (its time, an EVENT, +1, the row), framed, and the segment of format 1
     * made of the frames (as {@code WriteAheadLog} appended and committed them before format 2; the
     * backend's put, a copy into a map, left out).
     */
    @Benchmark
    public byte[] logAppendAndCommitFormat1() {
        segment.reset();
        for (Word row : rows) {
            record.reset();
            record.writeLong(sequence);
            record.writeByte(3);
            record.writeInt(1);
            Word_.SCHEMA.encode(row, record);
            Frames.write(segment, record.toByteArray());
        }
        sequence++;
        return ObjectFormat.LOG_SEGMENT.prefix(segment.buffer(), 0, segment.size());
    }

    /** Each row as a log record (its time, an EVENT, +1, the row), appended; one commit writes a compressed segment (format 2). */
    @Benchmark
    public boolean logAppendAndCommit() {
        for (Word row : rows) {
            record.reset();
            record.writeLong(sequence);
            record.writeByte(3);
            record.writeInt(1);
            Word_.SCHEMA.encode(row, record);
            log.append(record.toByteArray());
        }
        boolean written = log.commit(++sequence);
        log.deleteUpTo(sequence);
        return written;
    }
}
