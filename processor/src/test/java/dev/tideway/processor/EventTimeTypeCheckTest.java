package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.source;
import static dev.tideway.processor.Compilers.tideway;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The event-time API is checked by javac against the generated columns: a window, a behaviour
 * length or a threshold must fit the time column's type ({@code Duration}s for an {@code Instant},
 * {@code LocalDateTime} or {@code LocalDate}, {@code long}s for a {@code long}), and a column of
 * another type is not a time column.
 */
class EventTimeTypeCheckTest {
    private static final String RECORD = """
            package demo;
            import dev.tideway.annotations.Schema;
            import java.time.Instant;
            @Schema
            public record Reading(String sensor, Instant time, long sequence, double value) {}
            """;
    private static final String AVERAGE = """
            package demo;
            import dev.tideway.annotations.Schema;
            import java.time.Instant;
            @Schema
            public record Average(String sensor, Instant start, Instant end, Double average) {}
            """;

    private static JavaFileObject pipeline(String body) {
        return source("demo.Pipeline", """
                package demo;
                import dev.tideway.*;
                import java.time.Duration;
                import java.time.Instant;
                class Pipeline {
                    void build(Table<Reading> readings) {
                %s
                    }
                }
                """.formatted(body));
    }

    @Test
    void windowsOverTheirTimeTypeCompile() {
        JavaFileObject src = pipeline("""
                        WindowedTable<Reading, Instant> w = readings.windowBy(Window.tumbling(Duration.ofMinutes(5)), Reading_.time,
                                Reading_.sensor).withBehavior(Behavior.delay(Duration.ofMinutes(1)).withCutoff(Duration.ofMinutes(10)));
                        Table<Average> averages = w.reduce(Average_.of(Reading_.sensor, w.start(), w.end(), Reducers.avg(Reading_.value)));
                        readings.windowBy(Window.sliding(10, 60), Reading_.sequence);
                        readings.forget(Reading_.time, Duration.ofHours(1)).buffer(Reading_.sequence, 5L).ignoreLate(Reading_.time,
                                Duration.ofSeconds(30)).withWatermark(Reading_.time, Duration.ofSeconds(5));
                        readings.asofJoin(readings, Reading_.time, Reading_.time);
                        readings.intervalJoin(readings, Reading_.sequence, Reading_.sequence, Interval.of(-1, 1));
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), source("demo.Average", AVERAGE), src)).succeeded();
    }

    @Test
    void aWindowOfDurationsOverAStringColumnIsACompileError() {
        JavaFileObject src = pipeline("""
                        readings.windowBy(Window.tumbling(Duration.ofMinutes(5)), Reading_.sensor);
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), src)).hadErrorContaining("method windowBy in interface dev.tideway.Table<T> cannot be applied to given types")
                .inFile(src).onLineContaining("Reading_.sensor");
    }

    @Test
    void aWindowOfLongsOverAnInstantColumnIsACompileError() {
        JavaFileObject src = pipeline("""
                        readings.windowBy(Window.tumbling(300L), Reading_.time);
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), src)).hadErrorContaining("method windowBy in interface dev.tideway.Table<T> cannot be applied to given types")
                .inFile(src).onLineContaining("Window.tumbling(300L)");
    }

    @Test
    void aWindowOfDurationsOverALongColumnIsACompileError() {
        JavaFileObject src = pipeline("""
                        readings.windowBy(Window.sliding(Duration.ofSeconds(10), Duration.ofMinutes(1)), Reading_.sequence);
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), src)).failed();
    }

    @Test
    void aThresholdOfTheWrongTypeIsACompileError() {
        JavaFileObject longForInstant = pipeline("""
                        readings.forget(Reading_.time, 60L);
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), longForInstant)).failed();
        JavaFileObject durationForLong = pipeline("""
                        readings.buffer(Reading_.sequence, Duration.ofSeconds(5));
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), durationForLong)).failed();
        JavaFileObject notATime = pipeline("""
                        readings.withWatermark(Reading_.value, Duration.ofSeconds(5));
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), notATime)).failed();
    }

    @Test
    void anIntervalOfTheWrongTypeIsACompileError() {
        JavaFileObject src = pipeline("""
                        readings.intervalJoin(readings, Reading_.time, Reading_.time, Interval.of(-1, 1));
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), src)).failed();
    }

    @Test
    void aWindowBoundOfTheWrongTypeIsACompileError() {
        JavaFileObject src = pipeline("""
                        WindowedTable<Reading, Long> w = readings.windowBy(Window.tumbling(60L), Reading_.sequence, Reading_.sensor);
                        w.reduce(Average_.of(Reading_.sensor, w.start(), w.end(), Reducers.avg(Reading_.value)));
                """);
        assertThat(tideway().compile(source("demo.Reading", RECORD), source("demo.Average", AVERAGE), src)).failed();
    }
}
