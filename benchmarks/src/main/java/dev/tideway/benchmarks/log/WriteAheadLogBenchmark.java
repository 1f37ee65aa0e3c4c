package dev.tideway.benchmarks.log;

import dev.tideway.persistence.Backend;
import dev.tideway.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Log append with group commit on a real filesystem backend: {@code recordsPerCommit} records of
 * {@code recordBytes} bytes are appended, then one commit writes them as one framed segment and
 * forces it to disk. Reported per commit; divide by {@code recordsPerCommit} for the cost a record.
 * The fsync dominates, so the figures depend on the disk far more than on the code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WriteAheadLogBenchmark {
    @Param({"1", "100", "1000"})
    public int recordsPerCommit;

    @Param({"100"})
    public int recordBytes;

    private Path dir;
    private WriteAheadLog log;
    private byte[] record;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tideway-wal-bench");
        log = new WriteAheadLog(Backend.filesystem(dir), "words");
        record = new byte[recordBytes];
        new Random(1).nextBytes(record);
    }

    /** Drops the segments written in the iteration, as a snapshot would, so the folder stays small. */
    @TearDown(Level.Iteration)
    public void dropSegments() {
        log.deleteUpTo(sequence);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public boolean appendAndCommit() {
        for (int i = 0; i < recordsPerCommit; i++) {
            log.append(record);
        }
        return log.commit(++sequence);
    }
}
