package dev.tideway.samples.schema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Rows of {@link AllTypes} with nulls, empties and the extreme values of every type: the
 * smallest and largest longs, NaN and infinities, the first and last instants and dates.
 */
final class AllTypesArbitraries {
    private AllTypesArbitraries() {}

    static Arbitrary<String> strings() {
        // Latin, Cyrillic, CSV and JSON specials; no lone surrogates, which UTF-8 cannot carry.
        return Arbitraries.strings().alpha().numeric().withCharRange('\u0400', '\u04ff')
                .withChars(" ,;\"'\n\t\\{}[]é€\u0000").ofMaxLength(20);
    }

    static Arbitrary<Float> floats() {
        return Arbitraries.floats().withStandardSpecialValues()
                .withSpecialValue(Float.MAX_VALUE).withSpecialValue(Float.MIN_VALUE).withSpecialValue(-0.0f);
    }

    static Arbitrary<Double> doubles() {
        return Arbitraries.doubles().withStandardSpecialValues()
                .withSpecialValue(Double.MAX_VALUE).withSpecialValue(Double.MIN_VALUE).withSpecialValue(-0.0);
    }

    static Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(Arbitraries.bigIntegers(), Arbitraries.integers().between(-40, 40))
                .as(BigDecimal::new);
    }

    static Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    static Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    static Arbitrary<LocalDateTime> dateTimes() {
        return Combinators.combine(dates(), Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()))
                .as((day, nanos) -> LocalDateTime.of(day, LocalTime.ofNanoOfDay(nanos)));
    }

    static Arbitrary<Duration> durations() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 999_999_999))
                .as(Duration::ofSeconds);
    }

    static Arbitrary<UUID> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    static Arbitrary<AllTypes.Point> points() {
        return Combinators.combine(doubles(), doubles(), optionals(strings()))
                .as(AllTypes.Point::new);
    }

    /** Optional text: an empty string would read back from a CSV cell as absent, so it is left out. */
    static <T> Arbitrary<Optional<T>> optionals(Arbitrary<T> values) {
        return values.filter(v -> !"".equals(v)).optional(0.3);
    }

    static Arbitrary<AllTypes> rows() {
        List<Arbitrary<?>> fields = List.of(
                strings(),
                Arbitraries.of(true, false),
                Arbitraries.integers(),
                Arbitraries.longs(),
                floats(),
                doubles(),
                Arbitraries.of(true, false).injectNull(0.3),
                Arbitraries.integers().injectNull(0.3),
                Arbitraries.longs().injectNull(0.3),
                floats().injectNull(0.3),
                doubles().injectNull(0.3),
                decimals(),
                instants(),
                dates(),
                dateTimes(),
                durations(),
                uuids(),
                Arbitraries.of(AllTypes.Color.class),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                optionals(strings()),
                optionals(instants()),
                optionals(points()),
                Arbitraries.longs().list().ofMaxSize(5),
                optionals(strings()).list().ofMaxSize(4),
                points().list().ofMaxSize(3),
                points());
        List<Arbitrary<Object>> values = fields.stream().map(a -> a.map(v -> (Object) v)).toList();
        // The generated row builder puts the values in field order, the way the engine does.
        return Combinators.combine(values).as(list -> AllTypes_.SCHEMA.build(list.toArray()));
    }
}
