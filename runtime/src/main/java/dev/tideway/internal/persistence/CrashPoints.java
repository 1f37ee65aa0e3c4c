package dev.tideway.internal.persistence;

/**
 * Test hooks that kill the process at the worst moments of a commit, to prove that recovery copes.
 * Set the system property {@code tideway.test.crashAt} to one of the point names; the process halts
 * (as with SIGKILL: no shutdown hooks, nothing flushed) the {@code tideway.test.crashAfter}-th time
 * (default 1) the point is reached. Unset, a point costs one field read.
 */
final class CrashPoints {
    /** After the log segments of a commit are durable, before anything else. */
    static final String AFTER_LOG = "after-log";
    /** In the middle of writing a snapshot: some of its objects written, not all. */
    static final String DURING_SNAPSHOT = "during-snapshot";
    /** After everything of a commit is durable but the metadata. */
    static final String BEFORE_METADATA = "before-metadata";
    /** After the metadata is durable, before the transactional sinks commit what it names. */
    static final String AFTER_METADATA = "after-metadata";

    private static final String TARGET = System.getProperty("tideway.test.crashAt");
    private static int remaining = Integer.getInteger("tideway.test.crashAfter", 1);

    private CrashPoints() {}

    static void reach(String point) {
        if (TARGET != null && TARGET.equals(point) && --remaining <= 0) {
            Runtime.getRuntime().halt(137);
        }
    }
}
