package dev.tideway.samples.errors;

import dev.tideway.Exprs;
import dev.tideway.Pipeline;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.udf.Cents;
import dev.tideway.samples.udf.Cents_;
import dev.tideway.samples.udf.Price;
import dev.tideway.samples.udf.Price_;
import dev.tideway.samples.wordcount.WordCount_;
import dev.tideway.schema.ValueTypes;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A streaming pipeline run in a child JVM by {@link ErrorLogKillTest}: prices in whole cents (a
 * fraction of a cent fails the UDF), counted per sku, with its error log, persisted with snapshots
 * an hour apart so that a restart replays the write-ahead log. Arguments: input, output, errors, state.
 */
public final class PricesInCentsMain {
    private PricesInCentsMain() {}

    public static void main(String[] args) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            Table<Price> prices = Csv.read(Path.of(args[0]), Price_.SCHEMA, CsvReadOptions.defaults().withStreaming(true)
                    .withPollInterval(Duration.ofMillis(50)).withPersistentId("prices"));
            Table<Cents> cents = prices.select(Cents_.of(Price_.sku, Exprs.apply(ValueTypes.LONG, Price_.amount, ErrorLogTest::cents)));
            JsonLines.write(cents.groupBy(Cents_.sku).reduce(WordCount_.of(Cents_.sku, Reducers.count())), Path.of(args[1]));
            JsonLines.write(pipeline.errorLog(), Path.of(args[2]));
            pipeline.run(RunConfig.defaults().withProgress(false).withTerminateOnError(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(Path.of(args[3]))).withSnapshotIntervalMs(3_600_000)));
        }
    }
}
