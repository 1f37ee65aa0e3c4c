package dev.tideway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tideway.internal.engine.fixtures.Sale;
import dev.tideway.internal.engine.fixtures.Sale_;
import dev.tideway.internal.engine.fixtures.ShopTotal;
import dev.tideway.internal.engine.fixtures.ShopTotal_;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The error of a user function failing on a row names the file and line the row came from, on one worker as on two. */
class WorkersErrorOriginTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailingMapNamesTheRowsFileAndLine(int workers) throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 4; f++) {
            Files.writeString(dir.resolve("in").resolve("f" + f + ".csv"), "shop,item,qty,units,price\ns" + f + ",x," + f + ",1,1.0\n");
        }
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Sale> sales = Csv.read(dir.resolve("in"), Sale_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
            JsonLines.write(sales.map(ShopTotal_.SCHEMA, sale -> {
                if (sale.qty() == 2) {
                    throw new IllegalStateException("no twos");
                }
                return new ShopTotal(sale.shop(), sale.qty());
            }), dir.resolve("out.jsonl"));
            UserFunctionException error = catchThrowableOfType(() -> pipeline.run(RunConfig.defaults().withHandleSignals(false)
                    .withProgress(false).withWorkers(workers)), UserFunctionException.class);
            assertThat(error.origin()).hasValueSatisfying(origin -> assertThat(origin).contains("f2.csv"));
        }
    }
}
