package dev.tideway.internal.engine.time;

import dev.tideway.Behavior;

/**
 * A {@link Behavior} in ticks, as one operator applies it: when a window (or a join's row) is
 * released, when a row is late, and whether forgotten results are retracted. An exactly-once
 * behaviour is Pathway's: a delay of the window's extent plus the shift, a cutoff of the shift, and
 * results kept.
 */
record TimeRules(long delay, long cutoff, boolean keepResults, boolean exactlyOnce, long shift) {
    static final TimeRules NONE = new TimeRules(-1, -1, true, false, 0);

    /** The rules of {@code behavior} for an operator over {@code kind} times whose windows span {@code extent} ticks. */
    static TimeRules of(Behavior behavior, TimeKind kind, long extent, String operator, Object timeColumn) {
        if (behavior == null || behavior == Behavior.NONE) {
            return NONE;
        }
        if (behavior.temporal() != null && behavior.temporal() != kind.temporal()) {
            throw new IllegalArgumentException(operator + ": " + behavior + " has lengths given as "
                    + (behavior.temporal() ? "Durations" : "longs") + " but the time column " + timeColumn + " is "
                    + (kind.temporal() ? "a " + kind + " (give Durations)" : "a long (give longs)"));
        }
        if (behavior.exactlyOnceResults()) {
            long shift = behavior.cutoff();
            return new TimeRules(Ticks.plus(extent, shift), shift, true, true, shift);
        }
        return new TimeRules(behavior.hasDelay() ? behavior.delay() : -1, behavior.hasCutoff() ? behavior.cutoff() : -1,
                behavior.keepsResults(), false, 0);
    }

    /** The rules as canonical text, for operator identity (ticks; -1 for none). */
    String canonicalForm() {
        return "rules(delay=" + delay + ",cutoff=" + cutoff + ",keep=" + keepResults + ",exactly-once=" + exactlyOnce + ",shift="
                + shift + ")";
    }

    boolean hasDelay() {
        return delay >= 0;
    }

    boolean hasCutoff() {
        return cutoff >= 0;
    }

    /** Whether something that ends at {@code end} is past the cutoff at {@code watermark}. */
    boolean pastCutoff(long end, long watermark) {
        return cutoff >= 0 && Ticks.plus(end, cutoff) <= watermark;
    }
}
