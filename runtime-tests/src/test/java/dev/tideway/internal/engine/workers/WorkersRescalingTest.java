package dev.tideway.internal.engine.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A persisted state rescales: every replicable operator of {@link WorkersDifferentialTest}'s pipeline
 * runs over inputs that change at every step (files rewritten and deleted: retractions; clashing
 * keys), each step a new static run on the same state with another number of workers (1, 4, 2, 3, 1,
 * 3, 2, 4). After every run, each output file holds what one worker computes afresh from the inputs
 * as they are then (no row lost, none doubled), and the run only appended to it: a run continues its
 * outputs only when every operator's state was restored (a state that did not fit would be rebuilt
 * and the outputs rewritten from the start), so the state written with N workers was restored with M.
 */
class WorkersRescalingTest {
    private static final int[] WORKERS = {1, 4, 2, 3, 1, 3, 2, 4};
    private static final Pattern TIME_AND_DIFF = Pattern.compile(",\"time\":\\d+,\"diff\":(-?\\d+)}$");

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, 3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aStateWrittenWithNWorkersContinuesWithMAndEveryOutputHoldsTheResult(long seed) throws Exception {
        Random random = new Random(seed);
        Path in = dir.resolve("in");
        Path state = dir.resolve("state");
        Map<String, String> before = new TreeMap<>();
        for (int step = 1; step <= WORKERS.length; step++) {
            WorkersDifferentialTest.changeInputs(in, random, step);
            int workers = WORKERS[step - 1];
            run(in, dir.resolve("out"), RunConfig.defaults().withWorkers(workers)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(state))));
            Path fresh = dir.resolve("fresh-" + step);
            run(in, fresh, RunConfig.defaults());
            List<String> outputs;
            try (var files = Files.list(fresh)) {
                outputs = files.map(file -> file.getFileName().toString()).sorted().toList();
            }
            assertThat(outputs).as("every operator's output").hasSize(23);
            for (String output : outputs) {
                String written = Files.readString(dir.resolve("out").resolve(output));
                assertThat(live(written))
                        .as("%s, seed %d, step %d: the rows held after a run on %d workers", output, seed, step, workers)
                        .isEqualTo(live(Files.readString(fresh.resolve(output))));
                assertThat(written)
                        .as("%s, seed %d, step %d: the run on %d workers continued the output of the run before it", output, seed, step,
                                workers)
                        .startsWith(before.getOrDefault(output, ""));
                before.put(output, written);
            }
        }
    }

    private static void run(Path in, Path out, RunConfig config) throws Exception {
        Files.createDirectories(out);
        try (Pipeline pipeline = Pipeline.create()) {
            WorkersDifferentialTest.everyOperator(in, false, new WorkersDifferentialTest.Outputs() {
                @Override
                public <T> void write(String name, Table<T> table) {
                    JsonLines.write(table, out.resolve(name + ".jsonl"));
                }
            });
            // key clashes (concat of overlapping keys) are withheld rather than stopping the run
            pipeline.run(config.withHandleSignals(false).withProgress(false).withTerminateOnError(false));
        }
    }

    /** The rows an output holds: each line's row without its time, counted by the sum of its diffs, sorted. */
    static List<String> live(String output) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher matcher = TIME_AND_DIFF.matcher(line);
            assertThat(matcher.find()).as("a time and a diff end %s", line).isTrue();
            counts.merge(line.substring(0, matcher.start()) + "}", Integer.parseInt(matcher.group(1)), Integer::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach((row, count) -> {
            assertThat(count).as("the count of %s", row).isGreaterThanOrEqualTo(0);
            rows.addAll(Collections.nCopies(count, row));
        });
        return rows;
    }
}
