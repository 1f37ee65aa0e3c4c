package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.JoinOn;
import dev.tideway.JoinResult;
import dev.tideway.Reducers;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.persistence.Rows.Flag;
import dev.tideway.samples.persistence.Rows.Reading;
import dev.tideway.samples.persistence.Rows.Sale;
import dev.tideway.samples.persistence.Rows.Shop;
import dev.tideway.schema.RowSchema;
import dev.tideway.testing.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pathway's multi-run tests: a static program run several times on one state, with a new input
 * file per run and some earlier files deleted or rewritten between runs. Each persisted run must
 * output exactly its own changes: the difference between the from-scratch results before and after.
 */
class MultiRunTest {
    private static final int RUNS = 6;

    @TempDir
    Path work;

    /** The outputs of one run of the pipeline, by name, in the order they were built. */
    private final Map<String, Captured<?>> outputs = new LinkedHashMap<>();
    private final Map<String, ChangeList<?>> changeLists = new LinkedHashMap<>();
    private boolean persistedBuild;
    private final java.util.Set<String> flaggedIds = new java.util.HashSet<>();
    private final java.util.Set<String> correctedIds = new java.util.HashSet<>();

    private boolean flagged(String id) {
        return flaggedIds.add(id);
    }

    private boolean corrected(String id) {
        return correctedIds.add(id);
    }

    @Test
    void eachRunOutputsExactlyItsOwnChanges() throws Exception {
        Path state = work.resolve("state");
        Path statsFile = work.resolve("stats.jsonl");
        Random random = new Random(11);
        Map<String, List<Object>> before = new LinkedHashMap<>();
        for (int run = 0; run < RUNS; run++) {
            changeInputs(run, random);

            build(statsFile, true);
            Tideway.run(RunConfig.defaults().withHandleSignals(false)
                    .withPersistence(PersistenceConfig.of(Backend.filesystem(state)).withSnapshotIntervalMs(run % 2 == 0 ? 0 : 60_000)));
            Map<String, ChangeList<?>> persisted = new LinkedHashMap<>(changeLists);

            build(work.resolve("scratch.jsonl"), false);
            Tideway.run(RunConfig.defaults().withHandleSignals(false));
            Map<String, List<Object>> after = new LinkedHashMap<>();
            outputs.forEach((name, captured) -> after.put(name, new ArrayList<>(captured.rows())));

            for (String name : after.keySet()) {
                assertThat(persisted.get(name).changes()).as("run %d, %s: exactly the changes from the last run's results to this one's", run, name)
                        .containsExactlyInAnyOrderElementsOf(difference(before.getOrDefault(name, List.of()), after.get(name)));
                assertThat(after.get(name)).as("run %d, %s: something to compare", run, name).isNotEmpty();
            }
            before = after;
        }
        // The file sink continued its file across the runs: its changes add up to the current result.
        assertThat(consolidate(statsFile)).containsExactlyInAnyOrderElementsOf(
                before.get("stats").stream().map(Object::toString).toList());
    }

    /** Builds the pipeline on this thread: every operator the tests cover, each to a capture. */
    private void build(Path statsFile, boolean persisted) {
        persistedBuild = persisted;
        outputs.clear();
        changeLists.clear();
        Table<Sale> sales = read("sales", Rows_Sale_.SCHEMA);
        Table<Shop> shops = read("shops", Rows_Shop_.SCHEMA);
        Table<Flag> flags = read("flags", Rows_Flag_.SCHEMA);
        Table<Sale> corrections = read("corrections", Rows_Sale_.SCHEMA);
        Table<Reading> readings = read("readings", Rows_Reading_.SCHEMA);

        Table<Rows.ShopStats> stats = sales.groupBy(Rows_Sale_.shop).reduce(Rows_ShopStats_.of(Rows_Sale_.shop,
                Reducers.count(), Reducers.sum(Rows_Sale_.amount), Reducers.max(Rows_Sale_.amount),
                Reducers.countDistinct(Rows_Sale_.amount)));
        capture("stats", stats);
        JsonLines.write(stats, statsFile);
        capture("join", sales.join(shops, JoinOn.of(Rows_Sale_.shop, Rows_Shop_.shop)).select(Rows_SaleCity_.of(
                JoinResult.left(Rows_Sale_.id), JoinResult.right(Rows_Shop_.city), JoinResult.left(Rows_Sale_.amount))));
        capture("restrict", sales.restrict(flags));
        capture("intersect", sales.intersect(flags));
        capture("difference", sales.difference(flags));
        capture("updateRows", sales.updateRows(corrections));
        // Only ever higher readings are accepted, so the result does not depend on arrival order.
        capture("deduplicate", readings.deduplicate(Rows_Reading_.value, (next, last) -> next > last, Rows_Reading_.sensor));
    }

    private <T> Table<T> read(String name, RowSchema<T> schema) {
        return Csv.read(work.resolve(name), schema, CsvReadOptions.defaults().withStreaming(false).withPersistentId(name));
    }

    private <T> void capture(String name, Table<T> table) {
        if (persistedBuild) {
            ChangeList<T> changes = new ChangeList<>(name);
            Connectors.sink(table, changes);
            changeLists.put(name, changes);
        } else {
            Captured<T> captured = new Captured<>();
            Connectors.sink(table, captured);
            outputs.put(name, captured);
        }
    }

    /**
     * Run {@code run}'s input: a new file of sales, flags, corrections and readings every run; a new
     * shop now and then; earlier files deleted or rewritten (sales and shops only: the readings only
     * grow, as a deduplicated stream does).
     */
    private void changeInputs(int run, Random random) throws IOException {
        StringBuilder sales = new StringBuilder("id,shop,amount\n");
        for (int i = 0; i < 6 + random.nextInt(6); i++) {
            sales.append("s").append(run).append('-').append(i).append(',').append("abcd".charAt(random.nextInt(4)))
                    .append(',').append(1 + random.nextInt(30)).append('\n');
        }
        write("sales/s" + run + ".csv", sales);
        StringBuilder flags = new StringBuilder("id\n");
        StringBuilder corrections = new StringBuilder("id,shop,amount\n");
        for (int i = 0; i < 4; i++) {
            // ids of earlier sales, present or not (deleted, or past a file's end); each used once
            String flagged = "s" + random.nextInt(run + 1) + "-" + random.nextInt(10);
            if (flagged(flagged)) {
                flags.append(flagged).append('\n');
            }
            String corrected = "s" + random.nextInt(run + 1) + "-" + random.nextInt(10);
            if (corrected(corrected)) {
                corrections.append(corrected).append(",e,").append(100 + random.nextInt(50)).append('\n');
            }
        }
        write("flags/f" + run + ".csv", flags);
        write("corrections/c" + run + ".csv", corrections);
        StringBuilder readings = new StringBuilder("id,sensor,value\n");
        for (int i = 0; i < 5; i++) {
            readings.append("r").append(run).append('-').append(i).append(',').append("pq".charAt(random.nextInt(2)))
                    .append(',').append(random.nextInt(1000)).append('\n');
        }
        write("readings/r" + run + ".csv", readings);
        switch (run) {
            case 0 -> write("shops/p0.csv", "shop,city\na,Oslo\nb,Rome\n");
            case 1 -> write("shops/p1.csv", "shop,city\nc,Lima\n");
            case 2 -> {
                Files.delete(work.resolve("sales/s0.csv"));
                write("shops/p2.csv", "shop,city\nd,Kyiv\n");
            }
            case 3 -> {
                Files.delete(work.resolve("flags/f1.csv"));
                write("shops/p1.csv", "shop,city\nc,Quito\n"); // rewritten: c moved
            }
            case 4 -> {
                Files.delete(work.resolve("sales/s2.csv"));
                Files.delete(work.resolve("shops/p0.csv"));
                Files.delete(work.resolve("corrections/c1.csv"));
            }
            default -> write("sales/s1.csv", "id,shop,amount\ns1-0,a,7\n"); // rewritten, shorter
        }
    }

    private void write(String name, CharSequence text) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** The changes from {@code before} to {@code after}: "+ row" and "- row" as a multiset. */
    private static List<String> difference(List<Object> before, List<Object> after) {
        Map<String, Integer> counts = new HashMap<>();
        after.forEach(r -> counts.merge(r.toString(), 1, Integer::sum));
        before.forEach(r -> counts.merge(r.toString(), -1, Integer::sum));
        List<String> changes = new ArrayList<>();
        counts.forEach((row, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                changes.add((n > 0 ? "+ " : "- ") + row);
            }
        });
        return changes;
    }

    /** The rows a JSON Lines change file adds up to, as the record's toString would print them. */
    private static List<String> consolidate(Path file) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "\\{\"shop\":\"(\\w+)\",\"sales\":(\\d+),\"total\":(\\d+),\"biggest\":(\\d+),\"amounts\":(\\d+),\"time\":\\d+,\"diff\":(-?1)}")
                    .matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            String row = "ShopStats[shop=" + m.group(1) + ", sales=" + m.group(2) + ", total=" + m.group(3) + ", biggest="
                    + m.group(4) + ", amounts=" + m.group(5) + "]";
            counts.merge(row, Integer.parseInt(m.group(6)), Integer::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach((row, n) -> {
            assertThat(n).as("%s in %s", row, file).isBetween(0, 1);
            if (n == 1) {
                rows.add(row);
            }
        });
        return rows;
    }
}
