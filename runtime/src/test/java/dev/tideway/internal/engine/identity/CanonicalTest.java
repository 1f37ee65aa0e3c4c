package dev.tideway.internal.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical text of constants and of references to an operator's inputs, frozen with operator identity. */
class CanonicalTest {
    @Test
    void constantsAreWrittenByTypeNeverByToString() {
        assertThat(Canonical.constants(List.of("a\"b", 'x', 12, -3L, new BigDecimal("12.50"), 0.1, 1.5f, Duration.ofMinutes(90),
                ZoneId.of("Europe/Paris"), RoundingMode.HALF_UP, ChronoUnit.HOURS)))
                .isEqualTo("\"a\\\"b\",\"x\",12,-3,12.50,0x1.999999999999ap-4,f0x1.8p0,PT1H30M,zone\"Europe/Paris\","
                        + "RoundingMode.HALF_UP,ChronoUnit.HOURS");
        assertThat(Canonical.constants(List.of())).isNull();
        assertThat(Canonical.constant(new BigDecimal("12.5"))).as("the scale is part of a decimal").isNotEqualTo(
                Canonical.constant(new BigDecimal("12.50")));
        assertThatThrownBy(() -> Canonical.constant(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object has no canonical text");
    }

    @Test
    void anInputIsNamedByItsPortOnlyWhileItsOperatorIsWritten() {
        Object left = new Object();
        Object right = new Object();
        assertThat(Canonical.withInputs(List.of(left, right), () -> Canonical.input(right) + " " + Canonical.input(left)))
                .isEqualTo("input1 input0");
        assertThatThrownBy(() -> Canonical.input(left)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Canonical.withInputs(List.of(left), () -> Canonical.input(right))).isInstanceOf(IllegalStateException.class);
    }
}
