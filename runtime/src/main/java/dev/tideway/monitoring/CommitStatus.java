package dev.tideway.monitoring;

/**
 * One commit of a running pipeline: the batch made durable (with persistence) or handed to the
 * sinks (without).
 *
 * @param time the batch's logical time: the commit's wall-clock time, epoch milliseconds
 * @param durationMs how long the commit took, in milliseconds
 * @param rows the changes the batch read from its sources
 * @param logBytes the bytes appended to the write-ahead log
 * @param snapshotBytes the bytes of the snapshot it wrote, or 0 when it wrote none
 */
public record CommitStatus(long time, double durationMs, long rows, long logBytes, long snapshotBytes) {}
