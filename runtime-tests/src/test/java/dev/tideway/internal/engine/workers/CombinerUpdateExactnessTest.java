package dev.tideway.internal.engine.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Reducers;
import dev.tideway.internal.engine.BatchComputation;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopSums_;
import dev.tideway.testing.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review: a row updated within one time (its old value retracted, its new one added, by one worker)
 * gives on 2 workers what it gives on 1. One worker retracts the old value first (the count reaches 0,
 * the double sum is reset to 0.0), then adds the new one: exactly 1.0. The combiner's partial is
 * merged as "add every value added, then retract every value retracted": (1e20 + 1.0) - 1e20 = 0.0.
 */
class CombinerUpdateExactnessTest {
    private static final String HEADER = "shop,item,qty,units,price";

    @TempDir
    Path dir;

    @Test
    void aDoubleSumAndAMeanUpdatedInOneTimeGiveOnTwoWorkersWhatOneGives() throws Exception {
        Path in = dir.resolve("in");
        write(in.resolve("f0.csv"), "s0,x,1000000000000000000,1,1e20");
        Run one = Run.start(in, 1);
        Run two = Run.start(in, 2);
        try {
            one.computation.compute(1, List.of(0), 1);
            two.computation.compute(1, List.of(0), 1);
            write(in.resolve("f0.csv"), "s0,x,1,1,1.0");
            one.computation.compute(2, List.of(0), 2);
            two.computation.compute(2, List.of(0), 2);
            assertThat(WorkersDifferentialTest.live(two.output)).as("on 2 workers")
                    .isEqualTo(WorkersDifferentialTest.live(one.output));
        } finally {
            one.computation.close();
            two.computation.close();
        }
    }

    private record Run(BatchComputation computation, Captured<?> output) {
        static Run start(Path in, int workers) throws IOException {
            ComputedPipeline pipeline = ComputedPipeline.start(workers, outputs -> WorkersDifferentialTest.capture(outputs, "out",
                    WorkersDifferentialTest.read(in, "", Sale_.SCHEMA, true).groupBy(Sale_.shop).reduce(ShopSums_.of(Sale_.shop,
                            Reducers.count(), Reducers.sum(Sale_.qty), Reducers.sumInt(Sale_.units), Reducers.sumDouble(Sale_.price),
                            Reducers.avg(Sale_.qty)))));
            return new Run(pipeline.computation(), pipeline.outputs().get("out"));
        }
    }

    private static void write(Path file, String line) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(written, HEADER + "\n" + line + "\n");
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
