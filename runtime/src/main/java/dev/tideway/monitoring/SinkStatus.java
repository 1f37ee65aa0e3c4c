package dev.tideway.monitoring;

/**
 * A sink of a running pipeline.
 *
 * @param name the output, such as {@code jsonlines:/out/counts.jsonl}
 * @param rowsWritten the changes written
 * @param committedPosition the position its last commit recorded (a file's length, in bytes), or -1
 *     for a sink without one (a callback)
 */
public record SinkStatus(String name, long rowsWritten, long committedPosition) {}
