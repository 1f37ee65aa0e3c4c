package dev.tideway.internal.engine.monitor;

import dev.tideway.monitoring.RunStatus;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people how a run goes, on standard error, from a thread of its own (the run's thread never
 * waits for it). A static run: on a terminal, one line that keeps changing (units and bytes read of
 * the total, rows a second, time left), otherwise a log line every interval; and a summary when it
 * ends. A streaming run: a log line every interval with what happened in it (rows in and out,
 * commits, lag, errors), and a summary when it ends.
 *
 * <p>The first line comes one interval after the start, so a short run shows only its summary.
 */
final class ProgressReporter implements AutoCloseable {
    /** Where the lines go. */
    interface Output {
        /** A line that replaces the one shown before (a terminal's live line). */
        void live(String line);

        /** A line of its own. */
        void line(String line);

        /** The run ended without a summary (it failed): a live line is left as it is, on a line of its own. */
        default void end() {}
    }

    /** A terminal: the live line is rewritten in place with a carriage return. */
    static Output terminal(PrintStream out) {
        return new Output() {
            private int shown;

            @Override
            public synchronized void live(String line) {
                // spaces over what a longer line before left
                out.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
                out.flush();
                shown = line.length();
            }

            @Override
            public synchronized void line(String line) {
                if (shown > 0) {
                    out.print("\r" + " ".repeat(shown) + "\r");
                    shown = 0;
                }
                out.println(line);
                out.flush();
            }

            @Override
            public synchronized void end() {
                if (shown > 0) {
                    out.println();
                    out.flush();
                    shown = 0;
                }
            }
        };
    }

    /** A log (standard error through SLF4J): every line is a log line at INFO. */
    static Output log() {
        Logger log = LoggerFactory.getLogger("dev.tideway.progress");
        return new Output() {
            @Override
            public void live(String line) {
                log.info("progress: {}", line);
            }

            @Override
            public void line(String line) {
                log.info(line);
            }
        };
    }

    private final RunMonitor monitor;
    private final Output output;
    private final RunStatus start;
    private final ScheduledExecutorService timer;
    private RunStatus told;

    /**
     * Starts telling the progress of {@code monitor}'s run every {@code intervalMs} on {@code output}
     * (from a daemon thread), or, with {@code intervalMs} 0, only when {@link #tell()} is called.
     */
    ProgressReporter(RunMonitor monitor, Output output, long intervalMs) {
        this.monitor = monitor;
        this.output = output;
        this.start = monitor.status();
        this.told = start;
        if (intervalMs > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "tideway-progress");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleAtFixedRate(this::tellQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** A failure to tell must not end the schedule (an executor drops a task that throws). */
    private void tellQuietly() {
        try {
            tell();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ProgressReporter.class).debug("cannot tell the progress", e);
        }
    }

    /** Tells the progress now: a static run's reading, or a streaming run's summary since the last one. */
    synchronized void tell() {
        RunStatus now = monitor.status();
        if (now.phase() != RunStatus.Phase.RUNNING) {
            return;
        }
        if (now.streaming()) {
            output.line(ProgressText.summary(now, told));
        } else {
            output.live(ProgressText.reading(now, start));
        }
        told = now;
    }

    /** Stops, with a summary of the run when it ended normally. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        RunStatus now = monitor.status();
        if (now.phase() == RunStatus.Phase.FINISHED) {
            output.line(ProgressText.finished(now, start));
        } else {
            output.end();
        }
    }
}
