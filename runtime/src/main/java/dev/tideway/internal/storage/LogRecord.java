package dev.tideway.internal.storage;

/**
 * One record read back from a {@link WriteAheadLog}.
 *
 * @param sequence the commit sequence of the segment that holds it
 * @param payload the bytes given to {@link WriteAheadLog#append}; not copied, do not change them
 */
public record LogRecord(long sequence, byte[] payload) {}
