package dev.tideway.benchmarks.csv;

import dev.tideway.benchmarks.e2e.WordData;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.internal.io.csv.CsvSource;
import dev.tideway.samples.wordcount.Word;
import dev.tideway.samples.wordcount.Word_;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CSV parsing into records: the CSV source reads one file of 50,000 words (the word count's input
 * file) into {@code Word} rows. Reported per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CsvParseBenchmark {
    static final int WORDS = 50_000;

    private Path dir;
    private CsvSource<Word> source;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tideway-csv-bench");
        new WordData(5000, 1).writeFiles(dir, "words", 1, WORDS);
        source = new CsvSource<>(dir, Word_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
    }

    @TearDown
    public void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(WORDS)
    public void readFile(Blackhole hole) throws IOException {
        // nothing known: the file is new at every poll and read whole
        source.poll(new KnownUnits() {
            @Override
            public Set<String> units() {
                return Set.of();
            }

            @Override
            public byte[] position(String unit) {
                return null;
            }
        }, new UnitChanges<>() {
            @Override
            public void replace(String unit, byte[] position, List<Word> rows) {
                hole.consume(rows);
            }

            @Override
            public void remove(String unit) {}

            @Override
            public void event(Word row, int diff) {}
        });
    }
}
