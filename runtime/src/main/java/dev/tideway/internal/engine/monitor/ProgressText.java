package dev.tideway.internal.engine.monitor;

import dev.tideway.monitoring.CommitStatus;
import dev.tideway.monitoring.RunStatus;
import dev.tideway.monitoring.SinkStatus;
import dev.tideway.monitoring.SourceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of the progress lines, made from two {@link RunStatus}es: the one being told and the one
 * told before (for what changed in between).
 *
 * <pre>
 * words: 37/100 units, 12.3 MB of 45.1 MB (27%), 1,234,567 rows, 410,000 rows/s, ETA 8 s
 * last 10 s: 1,234 rows in, 567 changes out, 12 commits (longest 14 ms), lag words 450 ms, 0 errors
 * read 100 units (45.1 MB), 1,234,567 rows in 12.3 s (100,365 rows/s); 456 changes written; 0 errors
 * </pre>
 */
final class ProgressText {
    private ProgressText() {}

    /** A static run's progress: per source, units and bytes read of the total, rows, rows a second, time left. */
    static String reading(RunStatus now, RunStatus start) {
        double seconds = Math.max(0.001, (now.at() - start.at()) / 1000.0);
        List<String> parts = new ArrayList<>();
        for (SourceStatus source : now.sources()) {
            SourceStatus before = find(start, source.id());
            long rows = source.rowsRead() - (before == null ? 0 : before.rowsRead());
            long bytes = source.bytesRead() - (before == null ? 0 : before.bytesRead());
            StringBuilder text = new StringBuilder(source.id()).append(": ");
            long units = source.unitsRead() + source.unitsPending();
            text.append(count(source.unitsRead())).append('/').append(count(units)).append(" units");
            if (source.bytesPending() >= 0) {
                long total = source.bytesRead() + source.bytesPending();
                text.append(", ").append(bytes(source.bytesRead())).append(" of ").append(bytes(total));
                if (total > 0) {
                    text.append(" (").append(source.bytesRead() * 100 / total).append("%)");
                }
            } else if (source.bytesRead() > 0) {
                text.append(", ").append(bytes(source.bytesRead()));
            }
            text.append(", ").append(count(source.rowsRead())).append(" rows, ").append(count(Math.round(rows / seconds))).append(" rows/s");
            String eta = eta(source, bytes / seconds);
            if (eta != null) {
                text.append(", ETA ").append(eta);
            }
            parts.add(text.toString());
        }
        return parts.isEmpty() ? "no source" : String.join("; ", parts);
    }

    /** The time left to read a source at {@code bytesPerSecond}, or null when it cannot be told. */
    private static String eta(SourceStatus source, double bytesPerSecond) {
        if (source.finished() || source.bytesPending() <= 0 || bytesPerSecond <= 0) {
            return null;
        }
        return duration(Math.round(source.bytesPending() / bytesPerSecond * 1000));
    }

    /** A streaming run's summary of what happened since {@code before}. */
    static String summary(RunStatus now, RunStatus before) {
        long rowsIn = rowsRead(now) - rowsRead(before);
        long rowsOut = rowsWritten(now) - rowsWritten(before);
        long commits = now.commitCount() - before.commitCount();
        double longest = now.commits().stream().filter(c -> c.time() > before.committedTime()).mapToDouble(CommitStatus::durationMs)
                .max().orElse(0);
        StringBuilder text = new StringBuilder("last ").append(duration(now.at() - before.at())).append(": ")
                .append(count(rowsIn)).append(" rows in, ").append(count(rowsOut)).append(" changes out, ")
                .append(count(commits)).append(commits == 1 ? " commit" : " commits");
        if (commits > 0) {
            text.append(String.format(Locale.ROOT, " (longest %.0f ms)", longest));
        }
        List<String> lags = new ArrayList<>();
        for (SourceStatus source : now.sources()) {
            lags.add(source.id() + " " + duration(source.lagMs()));
        }
        if (!lags.isEmpty()) {
            text.append(", lag ").append(String.join(", ", lags));
        }
        long errors = now.errorCount() - before.errorCount();
        return text.append(", ").append(count(errors)).append(errors == 1 ? " error" : " errors").toString();
    }

    /** What a run did, told when it ends. */
    static String finished(RunStatus now, RunStatus start) {
        double seconds = Math.max(0.001, (now.at() - start.at()) / 1000.0);
        long units = now.sources().stream().mapToLong(SourceStatus::unitsRead).sum();
        long bytes = now.sources().stream().mapToLong(SourceStatus::bytesRead).sum();
        long rows = rowsRead(now) - rowsRead(start);
        StringBuilder text = new StringBuilder("read ").append(count(units)).append(units == 1 ? " unit" : " units");
        if (bytes > 0) {
            text.append(" (").append(bytes(bytes)).append(')');
        }
        text.append(", ").append(count(rows)).append(" rows in ").append(duration(now.at() - start.at()))
                .append(" (").append(count(Math.round(rows / seconds))).append(" rows/s); ")
                .append(count(rowsWritten(now) - rowsWritten(start))).append(" changes written, ")
                .append(count(now.commitCount())).append(now.commitCount() == 1 ? " commit; " : " commits; ")
                .append(count(now.errorCount())).append(now.errorCount() == 1 ? " error" : " errors");
        return text.toString();
    }

    private static SourceStatus find(RunStatus status, String id) {
        return status.sources().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    private static long rowsRead(RunStatus status) {
        return status.sources().stream().mapToLong(SourceStatus::rowsRead).sum();
    }

    private static long rowsWritten(RunStatus status) {
        return status.sinks().stream().mapToLong(SinkStatus::rowsWritten).sum();
    }

    /** A count with thousands separators: 1,234,567. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Bytes in the largest unit that keeps a number of at least 1: 512 B, 12.3 kB, 45.1 MB, 2.0 GB. */
    static String bytes(long value) {
        if (value < 1000) {
            return value + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double scaled = value;
        int unit = -1;
        while (scaled >= 1000 && unit < units.length - 1) {
            scaled /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
    }

    /** A duration in milliseconds as people read it: 450 ms, 12.3 s, 4 min 5 s, 2 h 3 min. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
