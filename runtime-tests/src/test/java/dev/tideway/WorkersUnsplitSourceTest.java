package dev.tideway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.internal.engine.fixtures.Item;
import dev.tideway.internal.engine.fixtures.Item_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that runs on worker 0 only (a primary key: a key's rows may come from any file) feeding a
 * group-by that runs on every worker: the exchange's sending end is added to the pipeline's own graph,
 * which the run has already marked running.
 */
class WorkersUnsplitSourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aPrimaryKeySourceIntoAGroupByRuns(int workers) throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in").resolve("items.csv"), "id,name,price\n1,pen,2\n2,cup,3\n3,pen,4\n");
        Path out = dir.resolve("out-" + workers + ".jsonl");
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Item> items = Csv.read(dir.resolve("in"), Item_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            JsonLines.write(items.groupBy(Item_.name).reduce(ShopTotal_.of(Item_.name, Reducers.count())), out);
            pipeline.run(RunConfig.defaults().withHandleSignals(false).withProgress(false).withWorkers(workers));
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
    }
}
