package dev.tideway.samples.schema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Hand-written rows of {@link AllTypes}. */
final class AllTypesSamples {
    private AllTypesSamples() {}

    static AllTypes typical() {
        return new AllTypes("word", true, 7, 1L << 40, 0.5f, -3.25, false, -1, null, 1.0f, null,
                new BigDecimal("12.50"), Instant.parse("2026-11-21T10:15:30Z"), LocalDate.of(2026, 11, 21),
                LocalDateTime.of(2026, 11, 21, 10, 15, 30), Duration.ofMinutes(90),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), AllTypes.Color.GREEN, new byte[] {1, 2, 3},
                Optional.of("note"), Optional.empty(), Optional.of(new AllTypes.Point(0, 0, Optional.empty())),
                List.of(1L, -1L), List.of(Optional.of("a"), Optional.empty()), List.of(),
                new AllTypes.Point(1.0, -2.0, Optional.of("here")));
    }
}
