package dev.tideway.internal.engine.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Reducer;
import dev.tideway.Reducers;
import dev.tideway.internal.engine.BatchComputation;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.ops.GroupByNode;
import dev.tideway.internal.engine.ops.GroupCombiner;
import dev.tideway.testing.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map-side combiner before a group-by on several workers: where every reducer merges, the
 * group-by's copies take in one partial aggregate per group from each worker and time instead of
 * every row, and give what one worker gives, also when a time has more groups than a combiner holds.
 */
class WorkersCombinerTest {
    private static final String HEADER = "shop,item,qty,units,price";

    @TempDir
    Path dir;

    @Test
    void aGroupByWhoseReducersMergeTakesInOnePartialPerGroupFromEachWorkerInsteadOfEveryRow() throws Exception {
        Random random = new Random(3);
        for (int f = 0; f < 6; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                lines.add("s" + random.nextInt(3) + ",x," + random.nextInt(5) + ",1,1.0");
            }
            write(dir.resolve("in").resolve("f" + f + ".csv"), lines);
        }
        Run combined = Run.start(dir.resolve("in"), Reducers.sum(Sale_.qty), 2);
        // max is not mergeable: the same group-by without a combiner takes in every row
        Run uncombined = Run.start(dir.resolve("in"), Reducers.max(Sale_.qty), 2);
        Run one = Run.start(dir.resolve("in"), Reducers.sum(Sale_.qty), 1);
        try {
            for (Run run : List.of(combined, uncombined, one)) {
                run.computation.compute(1, List.of(0), 1);
            }
            assertThat(partialsTakenIn(combined)).as("partials taken in: 3 groups from 2 workers").isBetween(1L, 6L);
            assertThat(partialsTakenIn(uncombined)).as("partials taken in without a combiner").isZero();
            // the metrics count the rows, combined or not, as on one worker
            assertThat(groupByRowsIn(combined)).as("rows the partials stand for").isEqualTo(3000L);
            assertThat(groupByRowsIn(uncombined)).as("rows taken in without a combiner").isEqualTo(3000L);
            assertThat(WorkersDifferentialTest.consolidated(combined.output, 1)).hasSize(3)
                    .isEqualTo(WorkersDifferentialTest.consolidated(one.output, 1));
        } finally {
            for (Run run : List.of(combined, uncombined, one)) {
                run.computation.close();
            }
        }
    }

    @Test
    void moreGroupsInOneTimeThanACombinerHoldsGiveWhatOneWorkerGives() throws Exception {
        int groups = GroupCombiner.LIMIT * 3;
        Random random = new Random(5);
        Path in = dir.resolve("in");
        List<Run> runs = new ArrayList<>();
        try {
            for (int workers : new int[] {1, 2, 4}) {
                runs.add(Run.start(in, Reducers.sum(Sale_.qty), workers));
            }
            for (int step = 1; step <= 3; step++) {
                // each step rewrites two of the four files (their old rows retracted) and deletes or keeps the others
                for (int f = 0; f < 4; f++) {
                    Path file = in.resolve("f" + f + ".csv");
                    if (step == 1 || random.nextInt(4) < 2) {
                        List<String> lines = new ArrayList<>();
                        for (int i = 0; i < groups / 2; i++) {
                            lines.add("g" + random.nextInt(groups) + ",x," + (random.nextInt(5) - 2) + ",1,1.0");
                        }
                        lines.add("new-" + f + "-" + step + ",x,1,1,1.0");
                        write(file, lines);
                    } else if (random.nextBoolean()) {
                        Files.deleteIfExists(file);
                    }
                }
                for (Run run : runs) {
                    run.computation.compute(step, List.of(0), step);
                }
                for (Run other : runs.subList(1, runs.size())) {
                    assertThat(WorkersDifferentialTest.consolidated(other.output, step))
                            .as("step %d: the changes on %d workers", step, other.workers)
                            .isEqualTo(WorkersDifferentialTest.consolidated(runs.get(0).output, step));
                    assertThat(WorkersDifferentialTest.live(other.output))
                            .as("step %d: the rows held on %d workers", step, other.workers)
                            .isEqualTo(WorkersDifferentialTest.live(runs.get(0).output));
                }
            }
            assertThat(WorkersDifferentialTest.live(runs.get(0).output)).hasSizeGreaterThan(GroupCombiner.LIMIT);
        } finally {
            for (Run run : runs) {
                run.computation.close();
            }
        }
    }

    /** The partial aggregates the group-by's copies took in, on every worker. */
    private static long partialsTakenIn(Run run) {
        long partials = 0;
        Workers workers = (Workers) run.computation;
        for (int w = 0; w < workers.size(); w++) {
            for (Graph graph : workers.worker(w).graphs()) {
                for (Node node : graph.nodes()) {
                    if (node instanceof GroupByNode groupBy) {
                        partials += groupBy.partialsTakenIn();
                    }
                }
            }
        }
        return partials;
    }

    /** The rows into the group-by, as its metrics count them: the pipeline's own node counts its copies'. */
    private static long groupByRowsIn(Run run) {
        for (Node node : run.graph().nodes()) {
            if (node instanceof GroupByNode) {
                return node.rowsIn();
            }
        }
        throw new AssertionError("no group-by");
    }


    /** {@code groupBy(shop).reduce(shop, reducer)} over the CSV files of {@code in}, computed on {@code workers} workers. */
    private record Run(int workers, Graph graph, BatchComputation computation, Captured<?> output) {
        static Run start(Path in, Reducer<Long> reducer, int workers) throws IOException {
            ComputedPipeline pipeline = ComputedPipeline.start(workers, outputs -> WorkersDifferentialTest.capture(outputs, "out",
                    WorkersDifferentialTest.read(in, "", Sale_.SCHEMA, true).groupBy(Sale_.shop).reduce(ShopTotal_.of(Sale_.shop, reducer))));
            return new Run(workers, pipeline.graph(), pipeline.computation(), pipeline.outputs().get("out"));
        }
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(written, HEADER + "\n" + String.join("\n", lines) + "\n");
        Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
