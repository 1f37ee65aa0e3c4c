package dev.tideway.samples.schema;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.Schema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A row with a component of every type Tideway supports. */
@Schema
public record AllTypes(
        String text,
        boolean flag,
        int small,
        long big,
        float ratio,
        double measure,
        Boolean maybeFlag,
        Integer maybeSmall,
        Long maybeBig,
        Float maybeRatio,
        Double maybeMeasure,
        BigDecimal amount,
        Instant at,
        LocalDate day,
        @Column(name = "local time") LocalDateTime localTime,
        Duration elapsed,
        UUID id,
        Color color,
        byte[] payload,
        Optional<String> note,
        Optional<Instant> seen,
        Optional<Point> origin,
        List<Long> counts,
        List<Optional<String>> tags,
        List<Point> path,
        Point where) {

    public enum Color { RED, GREEN, BLUE }

    @Schema
    public record Point(double x, double y, Optional<String> label) {}
}
