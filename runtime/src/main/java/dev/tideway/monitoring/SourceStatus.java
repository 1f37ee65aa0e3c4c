package dev.tideway.monitoring;

/**
 * A source of a running pipeline: what it read, what it has still to read, and how far the committed
 * results lag behind it.
 *
 * @param id the persistent id
 * @param location where it reads, such as {@code csv:/data/words}
 * @param streaming whether it is polled until the run stops
 * @param finished whether it has read everything (a static source after its read)
 * @param rowsRead the rows read (inserted by its units or events)
 * @param bytesRead the bytes of input read, when the connector tells them (files, objects)
 * @param unitsRead the units (files, objects) read, counting a unit read again after it changed
 * @param unitsPending the units the current read has still to read
 * @param bytesPending the bytes the current read has still to read, or -1 when unknown
 * @param badRows the bad rows it skipped (a bad-row policy of {@code SKIP})
 * @param lagMs how far its committed input is behind: the milliseconds since the source last had
 *     nothing left to read and that read was committed; 0 for a finished source
 */
public record SourceStatus(String id, String location, boolean streaming, boolean finished, long rowsRead, long bytesRead,
                           long unitsRead, long unitsPending, long bytesPending, long badRows, long lagMs) {}
