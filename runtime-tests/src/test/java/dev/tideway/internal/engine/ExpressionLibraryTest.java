package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.DateTimes;
import dev.tideway.Decimals;
import dev.tideway.Durations;
import dev.tideway.Expr;
import dev.tideway.Exprs;
import dev.tideway.Numbers;
import dev.tideway.Reducers;
import dev.tideway.Strings;
import dev.tideway.internal.engine.Scenario.Pipeline;
import dev.tideway.internal.engine.Scenario.Source;
import dev.tideway.internal.engine.fixtures.Cells;
import dev.tideway.internal.engine.fixtures.Cells_;
import dev.tideway.internal.engine.fixtures.OneText;
import dev.tideway.internal.engine.fixtures.OneText_;
import dev.tideway.internal.engine.fixtures.Txn;
import dev.tideway.internal.engine.fixtures.Txn_;
import dev.tideway.schema.ValueTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expression library: each function's value on chosen rows (the edge cases: nulls, negative
 * positions, time zones, DST, rounding), its errors, and, in pipelines, incremental results equal to
 * results computed from scratch under insertions and retractions.
 */
class ExpressionLibraryTest {
    /** A pipeline a test built (and maybe failed) must not stay on the thread for the next test's run. */
    @org.junit.jupiter.api.AfterEach
    void detachThePipeline() {
        Graph.detachCurrent();
    }

    static final Txn ROW = new Txn("acct-7", "  Hello, World  ", -12, 2.675, new BigDecimal("10.50"),
            Instant.parse("2026-03-29T00:30:15.250Z"));

    static <V> V eval(Expr<V> expr) {
        return expr.eval(ROW);
    }

    static <V> V evalOn(Expr<V> expr, Object row) {
        return expr.eval(row);
    }

    static OneText text(String value) {
        return new OneText(value);
    }

    @Test
    void strings() {
        Expr<String> memo = Txn_.memo;
        assertThat(eval(Strings.trim(memo))).isEqualTo("Hello, World");
        assertThat(eval(Strings.trimStart(memo))).isEqualTo("Hello, World  ");
        assertThat(eval(Strings.trimEnd(memo))).isEqualTo("  Hello, World");
        assertThat(eval(Strings.trim(Txn_.account, "a7-"))).isEqualTo("cct");
        assertThat(eval(Strings.upper(Strings.trim(memo)))).isEqualTo("HELLO, WORLD");
        assertThat(eval(Strings.lower(memo))).isEqualTo("  hello, world  ");
        assertThat(eval(Strings.swapCase(Txn_.account))).isEqualTo("ACCT-7");
        assertThat(eval(Strings.length(memo))).isEqualTo(16L);
        assertThat(eval(Strings.substring(Strings.trim(memo), 0, 5))).isEqualTo("Hello");
        assertThat(eval(Strings.substring(Strings.trim(memo), -5))).isEqualTo("World");
        assertThat(eval(Strings.substring(Strings.trim(memo), 3, 100))).isEqualTo("lo, World");
        assertThat(eval(Strings.substring(Strings.trim(memo), 8, 2))).isEmpty();
        assertThat(eval(Strings.replace(memo, "o", "0"))).isEqualTo("  Hell0, W0rld  ");
        assertThat(eval(Strings.split(Strings.trim(memo), ", "))).containsExactly("Hello", "World");
        assertThat(evalOn(Strings.split(OneText_.text, ","), text("a,,b"))).containsExactly("a", "", "b");
        assertThat(evalOn(Strings.split(OneText_.text, ",", 1), text("a,b,c"))).containsExactly("a", "b,c");
        assertThat(eval(Strings.words(memo))).containsExactly("Hello,", "World");
        assertThat(eval(Strings.contains(memo, "World"))).isTrue();
        assertThat(eval(Strings.startsWith(Txn_.account, "acct"))).isTrue();
        assertThat(eval(Strings.endsWith(Txn_.account, "-8"))).isFalse();
        assertThat(eval(Strings.indexOf(memo, "o"))).isEqualTo(6L);
        assertThat(eval(Strings.lastIndexOf(memo, "o"))).isEqualTo(10L);
        assertThat(evalOn(Strings.count(OneText_.text, "aa"), text("aaaaa"))).isEqualTo(2L);
        assertThat(eval(Strings.removePrefix(Txn_.account, "acct-"))).isEqualTo("7");
        assertThat(eval(Strings.removeSuffix(Txn_.account, "-7"))).isEqualTo("acct");
        assertThat(eval(Strings.padStart(Strings.removePrefix(Txn_.account, "acct-"), 3, '0'))).isEqualTo("007");
        assertThat(eval(Strings.padEnd(Txn_.account, 8, '.'))).isEqualTo("acct-7..");
        assertThat(eval(Strings.reversed(Txn_.account))).isEqualTo("7-tcca");
        assertThat(eval(Strings.concat(Txn_.account, Exprs.lit(":"), Strings.trim(memo)))).isEqualTo("acct-7:Hello, World");
        assertThat(eval(Strings.join(Strings.split(Txn_.account, "-"), "+"))).isEqualTo("acct+7");
        assertThat(eval(Strings.repeat(Exprs.lit("ab"), 3))).isEqualTo("ababab");
        // regular expressions
        assertThat(eval(Strings.matches(Txn_.account, "[a-z]+-\\d"))).isTrue();
        assertThat(eval(Strings.find(memo, "W.r"))).isTrue();
        assertThat(eval(Strings.extract(Txn_.account, "([a-z]+)-(\\d+)", 2))).isEqualTo("7");
        assertThat(eval(Strings.extract(Txn_.account, "x(\\d)", 1))).isNull();
        assertThat(eval(Strings.extractAll(memo, "[A-Z]"))).containsExactly("H", "W");
        assertThat(eval(Strings.replaceAll(Txn_.account, "(\\w+)-(\\d)", "$2/$1"))).isEqualTo("7/acct");
        assertThat(eval(Strings.splitRegex(Strings.trim(memo), "[, ]+"))).containsExactly("Hello", "World");
        // nulls give null, predicates false
        OneText none = text(null);
        assertThat(evalOn(Strings.upper(OneText_.text), none)).isNull();
        assertThat(evalOn(Strings.split(OneText_.text, ","), none)).isNull();
        assertThat(evalOn(Strings.contains(OneText_.text, "x"), none)).isFalse();
        assertThat(evalOn(Strings.concat(OneText_.text, Exprs.lit("x")), none)).isNull();
    }

    @Test
    void badPatternsAreRefusedWhenTheExpressionIsBuilt() {
        assertThatThrownBy(() -> Strings.matches(Txn_.memo, "(unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches").hasMessageContaining("(unclosed");
        assertThatThrownBy(() -> Strings.extract(Txn_.memo, "(a)", 2)).hasMessageContaining("has 1 groups");
        assertThatThrownBy(() -> Strings.parseDate(Txn_.memo, "yyyy-MM-ddd-QQQQQQ")).hasMessageContaining("not a date-time pattern");
        assertThatThrownBy(() -> DateTimes.plus(DateTimes.toDate(DateTimes.toLocal(Txn_.at, ZoneId.of("UTC"))), Duration.ofHours(5)))
                .hasMessageContaining("a date has no time of day");
        assertThatThrownBy(() -> DateTimes.truncate(Txn_.at, ChronoUnit.MONTHS)).hasMessageContaining("in a zone");
        assertThatThrownBy(() -> DateTimes.format(Txn_.at, "yyyy")).hasMessageContaining("format(at, pattern, zone)");
    }

    @Test
    void parsingWithErrorsPerRow() {
        assertThat(evalOn(Strings.parseLong(OneText_.text), text(" 42 "))).isEqualTo(42L);
        assertThat(evalOn(Strings.parseInt(OneText_.text), text("-7"))).isEqualTo(-7);
        assertThat(evalOn(Strings.parseDouble(OneText_.text), text("2.5"))).isEqualTo(2.5);
        assertThat(evalOn(Strings.parseDecimal(OneText_.text), text("19.90"))).isEqualTo(new BigDecimal("19.90"));
        assertThat(evalOn(Strings.parseBoolean(OneText_.text), text("TRUE"))).isTrue();
        assertThat(evalOn(Strings.parseDate(OneText_.text, "dd/MM/yyyy"), text("21/11/2026"))).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(evalOn(Strings.parseDateTime(OneText_.text, "yyyy-MM-dd HH:mm"), text("2026-11-21 10:15")))
                .isEqualTo(LocalDateTime.of(2026, 11, 21, 10, 15));
        assertThat(evalOn(Strings.parseInstant(OneText_.text, "yyyy-MM-dd HH:mmXXX"), text("2026-11-21 10:15+02:00")))
                .isEqualTo(Instant.parse("2026-11-21T08:15:00Z"));
        assertThat(evalOn(Strings.parseInstant(OneText_.text), text("2026-11-21T08:15:00Z"))).isEqualTo(Instant.parse("2026-11-21T08:15:00Z"));
        assertThatThrownBy(() -> evalOn(Strings.parseLong(OneText_.text), text("12a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parseLong(text)").hasMessageContaining("\"12a\"");
        assertThatThrownBy(() -> evalOn(Strings.parseDate(OneText_.text, "dd/MM/yyyy"), text("2026-11-21")))
                .hasMessageContaining("\"2026-11-21\" does not match the pattern");
        // fillError gives the row a value instead
        assertThat(evalOn(Exprs.fillError(Strings.parseLong(OneText_.text), Exprs.lit(-1L)), text("12a"))).isEqualTo(-1L);
        assertThat(evalOn(Exprs.fillError(Strings.parseLong(OneText_.text), Exprs.lit(-1L)), text("12"))).isEqualTo(12L);
    }

    @Test
    void requireAndRow() {
        Expr<String> calls = Exprs.apply(ValueTypes.STRING, OneText_.text, s -> {
            if (s == null) {
                throw new AssertionError("called with null");
            }
            return s + "!";
        });
        assertThat(evalOn(Exprs.require(calls, OneText_.text), text(null))).isNull();
        assertThat(evalOn(Exprs.require(calls, OneText_.text), text("a"))).isEqualTo("a!");
        assertThat(evalOn(OneText_.text.isNotNull(), text(null))).isFalse();
        assertThat(eval(Exprs.row(Txn_.SCHEMA))).isSameAs(ROW);
        assertThat(eval(Exprs.apply(ValueTypes.STRING, Txn_.account, Txn_.qty, Txn_.amount, (a, q, x) -> a + q + x))).isEqualTo("acct-7-122.675");
        assertThat(eval(Exprs.apply(ValueTypes.LONG, Txn_.qty, Txn_.qty, Txn_.qty, Txn_.qty, (a, b, c, d) -> a + b + c + d))).isEqualTo(-48L);
        assertThat(eval(Exprs.apply(ValueTypes.LONG, Txn_.qty, Txn_.qty, Txn_.qty, Txn_.qty, Txn_.qty, (a, b, c, d, e) -> a * 0 + e)))
                .isEqualTo(-12L);
        assertThat(eval(Exprs.apply(ValueTypes.STRING, Txn_.account, Txn_.memo, Txn_.qty, Txn_.amount, Txn_.price, Txn_.at,
                (a, m, q, x, p, t) -> a + "|" + p + "|" + t.getEpochSecond()))).isEqualTo("acct-7|10.50|" + ROW.at().getEpochSecond());
    }

    @Test
    void dateTimes() {
        ZoneId oslo = ZoneId.of("Europe/Oslo");
        Expr<Instant> at = Txn_.at;   // 2026-03-29T00:30:15.250Z: Oslo moves to summer time at 01:00Z that day
        assertThat(eval(DateTimes.floor(at, Duration.ofHours(1)))).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
        assertThat(eval(DateTimes.floor(at, Duration.ofMinutes(7)))).isEqualTo(Instant.parse("2026-03-29T00:27:00Z"));
        assertThat(eval(DateTimes.floor(DateTimes.fromEpochMillis(Exprs.lit(-1L)), Duration.ofSeconds(1))))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(eval(DateTimes.truncate(at, ChronoUnit.SECONDS))).isEqualTo(Instant.parse("2026-03-29T00:30:15Z"));
        assertThat(eval(DateTimes.truncate(at, ChronoUnit.DAYS, oslo))).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
        assertThat(eval(DateTimes.truncate(at, ChronoUnit.MONTHS, oslo))).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        Expr<LocalDateTime> local = DateTimes.toLocal(at, oslo);
        assertThat(eval(local)).isEqualTo(LocalDateTime.of(2026, 3, 29, 1, 30, 15, 250_000_000));
        assertThat(eval(DateTimes.toLocal(at, Exprs.lit("+05:30")))).isEqualTo(LocalDateTime.of(2026, 3, 29, 6, 0, 15, 250_000_000));
        // two hours later in Oslo is 03:30 local (the clock jumps from 02:00 to 03:00)
        assertThat(eval(DateTimes.toLocal(DateTimes.plus(at, Duration.ofHours(1)), oslo))).isEqualTo(LocalDateTime.of(2026, 3, 29, 3, 30, 15, 250_000_000));
        // a local time in the gap moves forward
        assertThat(evalOn(DateTimes.toInstant(Exprs.lit(LocalDateTime.of(2026, 3, 29, 2, 30), ValueTypes.LOCAL_DATE_TIME), oslo), ROW))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(eval(DateTimes.truncate(local, ChronoUnit.WEEKS))).isEqualTo(LocalDateTime.of(2026, 3, 23, 0, 0));
        assertThat(eval(DateTimes.truncate(local, ChronoUnit.YEARS))).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0));
        assertThat(eval(DateTimes.floor(local, Duration.ofMinutes(15)))).isEqualTo(LocalDateTime.of(2026, 3, 29, 1, 30));
        assertThat(eval(DateTimes.plus(local, 1, ChronoUnit.MONTHS))).isEqualTo(LocalDateTime.of(2026, 4, 29, 1, 30, 15, 250_000_000));
        Expr<LocalDate> date = DateTimes.toDate(local);
        assertThat(eval(date)).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(eval(DateTimes.toDate(at, ZoneId.of("America/New_York")))).isEqualTo(LocalDate.of(2026, 3, 28));
        assertThat(eval(DateTimes.plus(date, Duration.ofDays(3)))).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(eval(DateTimes.minus(date, Duration.ofDays(29)))).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(eval(DateTimes.floor(date, Duration.ofDays(7)))).isEqualTo(LocalDate.of(2026, 3, 26));   // epoch day 0 was a Thursday
        assertThat(eval(DateTimes.truncate(date, ChronoUnit.MONTHS))).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(eval(DateTimes.atStartOfDay(date))).isEqualTo(LocalDateTime.of(2026, 3, 29, 0, 0));
        // differences
        Expr<Instant> epoch = DateTimes.fromEpochSeconds(Exprs.lit(0L));
        assertThat(eval(DateTimes.between(epoch, at))).isEqualTo(Duration.between(Instant.EPOCH, ROW.at()));
        assertThat(eval(DateTimes.between(at, epoch, ChronoUnit.DAYS))).isEqualTo(-ChronoUnit.DAYS.between(Instant.EPOCH, ROW.at()));
        assertThat(eval(DateTimes.between(DateTimes.minus(date, Duration.ofDays(2)), date))).isEqualTo(Duration.ofDays(2));
        // fields
        assertThat(eval(DateTimes.year(local))).isEqualTo(2026L);
        assertThat(eval(DateTimes.month(date))).isEqualTo(3L);
        assertThat(eval(DateTimes.day(date))).isEqualTo(29L);
        assertThat(eval(DateTimes.dayOfWeek(date))).isEqualTo(7L);
        assertThat(eval(DateTimes.dayOfYear(date))).isEqualTo(88L);
        assertThat(eval(DateTimes.weekOfYear(date))).isEqualTo(13L);
        assertThat(eval(DateTimes.quarter(date))).isEqualTo(1L);
        assertThat(eval(DateTimes.hour(local))).isEqualTo(1L);
        assertThat(eval(DateTimes.minute(local))).isEqualTo(30L);
        assertThat(eval(DateTimes.second(local))).isEqualTo(15L);
        assertThat(eval(DateTimes.field(at, java.time.temporal.ChronoField.HOUR_OF_DAY, ZoneId.of("Asia/Tokyo")))).isEqualTo(9L);
        // epoch numbers and formatting
        assertThat(eval(DateTimes.toEpochMillis(at))).isEqualTo(ROW.at().toEpochMilli());
        assertThat(eval(DateTimes.toEpochSeconds(at))).isEqualTo(ROW.at().getEpochSecond());
        assertThat(eval(DateTimes.format(local, "yyyy-MM-dd HH:mm"))).isEqualTo("2026-03-29 01:30");
        assertThat(eval(DateTimes.format(at, "dd.MM.yyyy HH:mm z", oslo))).isEqualTo("29.03.2026 01:30 CET");
        assertThat(eval(DateTimes.format(date, "EEE d MMM"))).isEqualTo("Sun 29 Mar");
    }

    @Test
    void durations() {
        Expr<Duration> d = Exprs.lit(Duration.ofMinutes(90).plusMillis(1500), ValueTypes.DURATION);
        assertThat(eval(Durations.toMillis(d))).isEqualTo(5_401_500L);
        assertThat(eval(Durations.toSeconds(d))).isEqualTo(5_401L);
        assertThat(eval(Durations.toMinutes(d))).isEqualTo(90L);
        assertThat(eval(Durations.toHours(d))).isEqualTo(1L);
        assertThat(eval(Durations.toDays(d))).isZero();
        assertThat(eval(Durations.toSecondsDouble(d))).isEqualTo(5401.5);
        assertThat(eval(Durations.ofMillis(Exprs.lit(1500L)))).isEqualTo(Duration.ofMillis(1500));
        assertThat(eval(Durations.ofSeconds(Txn_.qty))).isEqualTo(Duration.ofSeconds(-12));
        assertThat(eval(Durations.abs(Durations.ofSeconds(Txn_.qty)))).isEqualTo(Duration.ofSeconds(12));
        assertThat(eval(Durations.negate(Durations.ofSeconds(Txn_.qty)))).isEqualTo(Duration.ofSeconds(12));
        assertThat(eval(Durations.plus(d, d))).isEqualTo(Duration.ofMillis(10_803_000));
        assertThat(eval(Durations.minus(d, d))).isZero();
        assertThat(eval(Durations.times(d, Exprs.lit(2L)))).isEqualTo(Duration.ofMillis(10_803_000));
        assertThat(eval(Durations.dividedBy(d, Exprs.lit(3L)))).isEqualTo(Duration.ofMillis(1_800_500));
        assertThat(eval(Durations.dividedBy(d, Exprs.lit(0L)))).isNull();
    }

    @Test
    void numbersAndDecimals() {
        assertThat(eval(Numbers.abs(Txn_.qty))).isEqualTo(12L);
        assertThat(eval(Numbers.absInt(Exprs.lit(-3)))).isEqualTo(3);
        assertThat(eval(Numbers.absDouble(Exprs.lit(-2.5)))).isEqualTo(2.5);
        assertThat(eval(Numbers.round(Txn_.amount, 2))).isEqualTo(2.68);
        assertThat(eval(Numbers.round(Exprs.lit(1234.5), -2))).isEqualTo(1200.0);
        assertThat(eval(Numbers.roundToLong(Txn_.amount))).isEqualTo(3L);
        assertThat(eval(Numbers.floor(Exprs.lit(-2.5)))).isEqualTo(-3.0);
        assertThat(eval(Numbers.ceil(Exprs.lit(-2.5)))).isEqualTo(-2.0);
        assertThat(eval(Numbers.floorToLong(Exprs.lit(-2.5)))).isEqualTo(-3L);
        assertThat(eval(Numbers.ceilToLong(Exprs.lit(2.1)))).isEqualTo(3L);
        assertThat(eval(Numbers.pow(Exprs.lit(2.0), Exprs.lit(10.0)))).isEqualTo(1024.0);
        assertThat(eval(Numbers.pow(Txn_.qty, 3))).isEqualTo(-1728L);
        assertThat(eval(Numbers.sqrt(Exprs.lit(9.0)))).isEqualTo(3.0);
        assertThat(eval(Numbers.log10(Exprs.lit(1000.0)))).isEqualTo(3.0);
        assertThat(eval(Numbers.exp(Exprs.lit(0.0)))).isEqualTo(1.0);
        assertThat(eval(Numbers.log(Exprs.lit(1.0)))).isEqualTo(0.0);
        assertThat(eval(Numbers.signum(Exprs.lit(-0.5)))).isEqualTo(-1.0);
        assertThat(eval(Numbers.isNaN(Exprs.lit(Double.NaN)))).isTrue();
        assertThat(eval(Numbers.fillNaN(Exprs.lit(Double.NaN), 0.0))).isEqualTo(0.0);
        assertThat(eval(Numbers.min(Txn_.qty, Exprs.lit(0L)))).isEqualTo(-12L);
        assertThat(eval(Numbers.max(Txn_.qty, Exprs.lit(0L)))).isZero();
        assertThat(eval(Numbers.plusInt(Exprs.lit(2), Exprs.lit(3)))).isEqualTo(5);
        assertThat(eval(Numbers.timesInt(Exprs.lit(2), Exprs.lit(3)))).isEqualTo(6);
        assertThatThrownBy(() -> eval(Numbers.pow(Exprs.lit(10L), 30))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> eval(Numbers.abs(Exprs.lit(Long.MIN_VALUE)))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> eval(Numbers.roundToLong(Exprs.lit(1e19)))).hasMessageContaining("not in the range of a long");

        Expr<BigDecimal> price = Txn_.price;   // 10.50
        assertThat(eval(Decimals.plus(price, Decimals.lit("0.25")))).isEqualTo(new BigDecimal("10.75"));
        assertThat(eval(Decimals.minus(price, Decimals.lit("0.50")))).isEqualTo(new BigDecimal("10.00"));
        assertThat(eval(Decimals.times(price, Decimals.lit("3")))).isEqualTo(new BigDecimal("31.50"));
        assertThat(eval(Decimals.divide(price, Decimals.lit("3"), 2, RoundingMode.HALF_EVEN))).isEqualTo(new BigDecimal("3.50"));
        assertThat(eval(Decimals.divide(Decimals.lit("1"), Decimals.lit("3"), 4, RoundingMode.DOWN))).isEqualTo(new BigDecimal("0.3333"));
        assertThat(eval(Decimals.divide(price, Decimals.lit("0"), 2, RoundingMode.HALF_EVEN))).isNull();
        assertThat(eval(Decimals.setScale(Decimals.lit("2.345"), 2, RoundingMode.HALF_EVEN))).isEqualTo(new BigDecimal("2.34"));
        assertThat(eval(Decimals.setScale(Decimals.lit("2.345"), 2, RoundingMode.HALF_UP))).isEqualTo(new BigDecimal("2.35"));
        assertThat(eval(Decimals.round(Decimals.lit("123.456"), 4, RoundingMode.HALF_UP))).isEqualTo(new BigDecimal("123.5"));
        assertThat(eval(Decimals.negate(price))).isEqualTo(new BigDecimal("-10.50"));
        assertThat(eval(Decimals.abs(Decimals.negate(price)))).isEqualTo(new BigDecimal("10.50"));
        assertThat(eval(Decimals.stripTrailingZeros(price))).isEqualTo(new BigDecimal("10.5"));
        assertThat(eval(Decimals.eq(price, Decimals.lit("10.5")))).isTrue();
        assertThat(eval(price.eq(Decimals.lit("10.5")))).as("Expr.eq compares scale too").isFalse();
        assertThat(eval(Decimals.compare(price, Decimals.lit("10.6")))).isEqualTo(-1);
        assertThat(eval(price.lt(Decimals.lit("10.6")))).isTrue();
        assertThat(eval(Decimals.toDecimal(Txn_.amount))).isEqualTo(new BigDecimal("2.675"));
        assertThat(eval(Decimals.toDecimal(Txn_.qty))).isEqualTo(new BigDecimal("-12"));
        assertThat(eval(Decimals.toDouble(price))).isEqualTo(10.5);
        assertThat(eval(Decimals.scale(price))).isEqualTo(2);
        assertThat(eval(Decimals.toLongExact(Decimals.lit("7.00")))).isEqualTo(7L);
        assertThatThrownBy(() -> eval(Decimals.toLongExact(price))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> eval(Decimals.setScale(price, 0, RoundingMode.UNNECESSARY))).isInstanceOf(ArithmeticException.class);
    }

    // ---- in pipelines: incremental equals from scratch ----

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    static Txn txn(Random r) {
        String[] memos = {" a,b ", "x-1", "Y 22", "", "q,,r"};
        return new Txn(OperatorDifferentialTest.pick(r, "a", "b"), memos[r.nextInt(memos.length)], r.nextInt(9) - 4, r.nextInt(9) * 0.25,
                BigDecimal.valueOf(r.nextInt(300) - 100, 2), Instant.ofEpochSecond(1_770_000_000L + r.nextInt(200_000)));
    }

    static final Source<Txn> TXNS = Source.of(Txn_.SCHEMA, ExpressionLibraryTest::txn);

    @ParameterizedTest
    @MethodSource("seeds")
    void selectOfLibraryFunctions(long seed) {
        ZoneId zone = ZoneId.of("Europe/Oslo");
        Scenario.random(seed, 10, TXNS).checkAgainstBatch((Pipeline<Txn, Void, Cells>) (txns, none) -> txns.select(Cells.nulls()
                .with(Cells_.text, Strings.upper(Strings.trim(Txn_.memo)))
                .with(Cells_.text2, Exprs.fillError(Strings.extract(Txn_.memo, "(\\d+)", 1), Exprs.lit("-")))
                .with(Cells_.number, Exprs.fillError(Strings.parseLong(Strings.extract(Txn_.memo, "(\\d+)", 1)), Exprs.lit(-1L)))
                .with(Cells_.number2, Numbers.pow(Txn_.qty, 2))
                .with(Cells_.real, Numbers.round(Txn_.amount, 1))
                .with(Cells_.decimal, Decimals.divide(Txn_.price, Decimals.lit("3"), 3, RoundingMode.HALF_EVEN))
                .with(Cells_.instant, DateTimes.floor(Txn_.at, Duration.ofHours(6)))
                .with(Cells_.local, DateTimes.truncate(DateTimes.toLocal(Txn_.at, zone), ChronoUnit.HOURS))
                .with(Cells_.date, DateTimes.toDate(Txn_.at, zone))
                .with(Cells_.duration, DateTimes.between(DateTimes.truncate(Txn_.at, ChronoUnit.DAYS, zone), Txn_.at))
                .with(Cells_.texts, Strings.split(Txn_.memo, ","))));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void groupByComputedTimeBucketsAndDecimalSums(long seed) {
        Scenario.random(seed, 10, TXNS).checkAgainstBatch((Pipeline<Txn, Void, Cells>) (txns, none) -> {
            Expr<Instant> bucket = DateTimes.floor(Txn_.at, Duration.ofDays(1));
            Expr<String> word = Strings.lower(Strings.trim(Txn_.memo));
            return txns.groupBy(bucket, word).reduce(new dev.tideway.Projection<>(Cells_.SCHEMA, List.of(word,
                    Reducers.max(Txn_.account), Reducers.count(), Reducers.sum(Numbers.abs(Txn_.qty)), Reducers.avg(Txn_.amount),
                    Reducers.sumDecimal(Decimals.setScale(Txn_.price, 1, RoundingMode.HALF_UP)), bucket,
                    Reducers.latestBy(Txn_.at, DateTimes.toLocal(Txn_.at, ZoneId.of("UTC"))),
                    Reducers.earliestBy(Txn_.at, DateTimes.toDate(Txn_.at, ZoneId.of("UTC"))),
                    Reducers.sumDuration(DateTimes.between(bucket, Txn_.at)), Reducers.sortedTuple(Txn_.account),
                    Reducers.tuple(Txn_.qty))));
        });
    }
}
