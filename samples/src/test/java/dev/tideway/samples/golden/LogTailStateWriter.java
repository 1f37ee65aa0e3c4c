package dev.tideway.samples.golden;

import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.golden.GoldenRows.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the golden fixture of a state with no snapshot and a committed log tail, as a crash
 * leaves it: a streaming run (snapshots never due) commits three batches, each as log segments and
 * a metadata generation, and is killed with SIGKILL (no last snapshot). Its layout is
 * {@link GoldenStateWriter}'s ({@code in/}, {@code state/}, {@code out/}, {@code next/},
 * {@code expected/}); its pipeline is {@link #build}: orders counted per customer.
 *
 * <pre>
 * java -cp ... dev.tideway.samples.golden.LogTailStateWriter "$PWD/samples/src/test/resources/golden-state/v1-log-tail"
 * </pre>
 */
public final class LogTailStateWriter {
    static final List<String> OUTPUTS = List.of("orders-per-customer");
    private static final String HEADER = "id,customer,sku,qty,cents,weight\n";
    private static final List<String> BATCHES = List.of(
            HEADER + "o1,c1,apple,2,300,0.5\no2,c2,pear,1,120,0.25\n",
            HEADER + "o3,c1,fig,1,99,0.1\n",
            HEADER + "o4,c3,apple,5,750,1.5\no5,c2,apple,1,150,0.5\n");
    static final Map<String, String> NEXT = Map.of("orders/4.csv", HEADER + "o6,c1,pear,1,100,0.2\no7,c4,fig,2,200,0.3\n");

    private LogTailStateWriter() {}

    /** The pipeline: orders per customer, to one output with a persistent id. */
    static void build(Path base, boolean streaming) {
        Table<Order> orders = Csv.read(base.resolve("in/orders"), GoldenRows_Order_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(streaming).withPollInterval(Duration.ofMillis(50)).withPersistentId("orders"));
        Csv.write(orders.groupBy(GoldenRows_Order_.customer).reduce(GoldenRows_CustomerCount_.of(GoldenRows_Order_.customer,
                Reducers.count())), base.resolve("out/orders-per-customer.csv"),
                FileWriteOptions.defaults().withPersistentId("orders-per-customer"));
    }

    static void run(Path base, boolean streaming) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            build(base, streaming);
            pipeline.run(RunConfig.defaults().withHandleSignals(false).withPersistence(PersistenceConfig.of(
                    Backend.filesystem(base.resolve("state"))).withSnapshotIntervalMs(Long.MAX_VALUE)));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--streaming")) {
            run(Path.of(args[1]), true);   // until killed
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: LogTailStateWriter FIXTURE_FOLDER (a new one)");
            System.exit(2);
        }
        Path fixture = Path.of(args[0]).toAbsolutePath();
        if (Files.exists(fixture)) {
            System.err.println(fixture + " exists: a fixture is never rewritten; choose a new folder");
            System.exit(2);
        }
        Files.createDirectories(fixture.resolve("in/orders"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LogTailStateWriter.class.getName(), "--streaming", fixture.toString())
                .inheritIO().start();
        try {
            for (int batch = 0; batch < BATCHES.size(); batch++) {
                Files.writeString(fixture.resolve("in/orders/" + (batch + 1) + ".csv"), BATCHES.get(batch));
                awaitGeneration(fixture.resolve("state/metadata"), batch + 1);
            }
        } finally {
            child.destroyForcibly();   // SIGKILL: no graceful stop, no last snapshot
            child.waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(fixture.resolve("state/.lock"));
        GoldenStateWriter.writeFiles(fixture.resolve("next"), NEXT);
        Path copy = Files.createTempDirectory("golden-log-tail");
        try {
            GoldenStateWriter.copyTree(fixture, copy);
            Files.createDirectories(fixture.resolve("expected"));
            for (Map.Entry<String, List<String>> output : continueFixture(copy).entrySet()) {
                Files.write(fixture.resolve("expected/" + output.getKey() + ".csv"), output.getValue());
            }
        } finally {
            GoldenStateWriter.deleteTree(copy);
        }
        System.out.println("wrote the golden state fixture " + fixture);
    }

    /** Continues a copy of the fixture (a static run); returns what it appends to each output, as {@link GoldenStateWriter}. */
    static Map<String, List<String>> continueFixture(Path copy) throws Exception {
        return GoldenStateWriter.continueFixture(copy, OUTPUTS, () -> run(copy, false));
    }

    private static void awaitGeneration(Path metadata, int generation) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(metadata)) {
                try (Stream<Path> files = Files.list(metadata)) {
                    if (files.anyMatch(f -> f.getFileName().toString().equals(String.format("%020d", generation)))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("metadata generation " + generation + " did not appear in " + metadata);
    }
}
