package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.Table;
import dev.tideway.schema.RowSchema;
import dev.tideway.testing.Captured;
import dev.tideway.testing.PipelineTester;
import dev.tideway.testing.TestInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Random update sequences for differential tests: inserts of generated rows and deletes of live
 * ones, over one or two inputs, replayable into any number of pipelines.
 */
final class Scenario {
    /** One input: its schema, its random rows, and (for keyed inputs) the key that must stay unique among live rows. */
    record Source<T>(RowSchema<T> schema, Function<Random, T> rows, Function<T, Object> uniqueKey) {
        static <T> Source<T> of(RowSchema<T> schema, Function<Random, T> rows) {
            return new Source<>(schema, rows, null);
        }

        static <T> Source<T> keyed(RowSchema<T> schema, Function<Random, T> rows, Function<T, Object> key) {
            return new Source<>(schema, rows, key);
        }
    }

    /** One change of one input. */
    record Op(int input, Object row, int diff) {}

    /** The pipeline under test, from the tables of the inputs (the second is null for one input). */
    interface Pipeline<A, B, O> extends BiFunction<Table<A>, Table<B>, Table<O>> {}

    final List<Source<?>> sources;
    /** The changes of each step. */
    final List<List<Op>> steps = new ArrayList<>();
    /** After each step, per input, the live rows in arrival order. */
    final List<List<List<Object>>> liveAfter = new ArrayList<>();

    private Scenario(List<Source<?>> sources) {
        this.sources = sources;
    }

    /** A random scenario: a few steps of a few changes; a deletion removes the most recent equal live row. */
    @SuppressWarnings("unchecked")
    static Scenario random(long seed, int stepCount, Source<?>... sources) {
        Random random = new Random(seed);
        Scenario scenario = new Scenario(List.of(sources));
        List<List<Object>> live = new ArrayList<>();
        for (int s = 0; s < sources.length; s++) {
            live.add(new ArrayList<>());
        }
        for (int step = 0; step < stepCount; step++) {
            List<Op> ops = new ArrayList<>();
            int changes = 1 + random.nextInt(6);
            for (int c = 0; c < changes; c++) {
                int input = random.nextInt(sources.length);
                Source<Object> source = (Source<Object>) sources[input];
                List<Object> rows = live.get(input);
                if (!rows.isEmpty() && random.nextInt(10) < 4) {
                    Object row = rows.get(random.nextInt(rows.size()));
                    removeLast(rows, row);
                    ops.add(new Op(input, row, -1));
                } else {
                    Object row = source.rows().apply(random);
                    if (source.uniqueKey() != null) {
                        Object key = source.uniqueKey().apply(row);
                        for (Object held : List.copyOf(rows)) {
                            if (Objects.equals(source.uniqueKey().apply(held), key)) {
                                removeLast(rows, held);
                                ops.add(new Op(input, held, -1));
                            }
                        }
                    }
                    rows.add(row);
                    ops.add(new Op(input, row, 1));
                }
            }
            scenario.steps.add(ops);
            List<List<Object>> snapshot = new ArrayList<>();
            live.forEach(rows -> snapshot.add(List.copyOf(rows)));
            scenario.liveAfter.add(snapshot);
        }
        return scenario;
    }

    static void removeLast(List<Object> rows, Object row) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).equals(row)) {
                rows.remove(i);
                return;
            }
        }
        throw new IllegalStateException("not live: " + row);
    }

    /** A pipeline fed by test inputs. */
    static final class Run<O> {
        final PipelineTester tester = new PipelineTester();
        final List<TestInput<Object>> inputs = new ArrayList<>();
        final Captured<O> out;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Run(List<Source<?>> sources, Pipeline<?, ?, O> pipeline) {
            for (Source<?> source : sources) {
                inputs.add((TestInput<Object>) tester.input(source.schema()));
            }
            Table first = inputs.get(0).table();
            Table second = inputs.size() > 1 ? inputs.get(1).table() : null;
            out = tester.capture((Table<O>) ((BiFunction) pipeline).apply(first, second));
        }

        long apply(List<Op> step) {
            for (Op op : step) {
                if (op.diff() > 0) {
                    inputs.get(op.input()).insert(op.row());
                } else {
                    inputs.get(op.input()).delete(op.row());
                }
            }
            return tester.step();
        }

        /** The graph the pipeline was built in. */
        Graph graph() {
            return EngineTable.of(inputs.get(0).table()).node().graph();
        }
    }

    <O> Run<O> start(Pipeline<?, ?, O> pipeline) {
        return new Run<>(sources, pipeline);
    }

    /** The output of the pipeline computed from scratch on the rows live after a step, in one step. */
    <O> List<Map.Entry<Long, O>> batch(int step, Pipeline<?, ?, O> pipeline) {
        Run<O> run = start(pipeline);
        List<Op> all = new ArrayList<>();
        List<List<Object>> live = liveAfter.get(step);
        for (int input = 0; input < live.size(); input++) {
            for (Object row : live.get(input)) {
                all.add(new Op(input, row, 1));
            }
        }
        run.apply(all);
        return entries(run.out);
    }

    /** After every step, the incremental output equals the batch output on the live rows, keys included. */
    <O> Run<O> checkAgainstBatch(Pipeline<?, ?, O> pipeline) {
        Run<O> run = start(pipeline);
        for (int step = 0; step < steps.size(); step++) {
            run.apply(steps.get(step));
            assertThat(entries(run.out))
                    .as("step %d: %s", step, steps.get(step))
                    .containsExactlyInAnyOrderElementsOf(batch(step, pipeline));
        }
        return run;
    }

    static <O> List<Map.Entry<Long, O>> entries(Captured<O> captured) {
        List<Map.Entry<Long, O>> entries = new ArrayList<>();
        captured.rowsByKey().forEach((key, rows) -> rows.forEach(row -> entries.add(Map.entry(key, row))));
        return entries;
    }
}
