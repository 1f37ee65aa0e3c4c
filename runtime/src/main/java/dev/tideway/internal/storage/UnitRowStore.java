package dev.tideway.internal.storage;

import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.internal.engine.UnitRows;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The rows of source units as immutable objects {@code rows/<source id>/<hash>-<length>} (the
 * header {@link ObjectFormat#UNIT_ROWS}, then one frame, compressed from format 2 on), named by
 * their content: written once, shared by the log records and every snapshot that refer to them, and
 * deleted when the newest committed snapshot no longer does. The name's hash is {@link KeyHasher} of
 * the rows' (uncompressed) bytes, in hex, and the length their byte count.
 *
 * <p>{@link #save} returns the name at once and compresses and writes the object on a background
 * thread (one of {@value #WRITERS}), so that a source can hand its rows over while it reads (and hold none of them) without
 * waiting for the storage: as Pathway's commit waits for its off-path writers before the metadata,
 * the commit calls {@link #awaitWrites} before it writes anything that names these objects. At most
 * {@value #MAX_PENDING_BYTES} bytes of rows wait for the writer; {@code save} blocks beyond that.
 * {@link #load} of a row object not yet written returns the rows waiting for it.
 *
 * <p>Thread-safe: the sources of a run with several workers save and load rows from their workers'
 * threads at once. The bookkeeping holds the instance's lock; reading an object, and a {@code save}
 * waiting for room, do not. Everything but the writer's work runs on the caller's thread.
 */
public final class UnitRowStore implements UnitRows, AutoCloseable {
    private static final String PREFIX = "rows/";
    /** Bytes of rows that may wait for the writer thread before {@link #save} blocks. */
    static final int MAX_PENDING_BYTES = 32 << 20;
    /**
     * Writer threads: each object is forced to the device on its own (a file and its folder), and a
     * file system commits the forces of several threads together, so a few writers wait for the disk
     * at once instead of one after the other.
     */
    static final int WRITERS = 4;
    /** Writers that compress at once, over all instances: every core but one, at least one. */
    private static final Semaphore COMPRESSORS = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    private final Backend backend;
    private final Set<String> written = new HashSet<>();
    private final Set<String> referenced = new HashSet<>();
    /** Rows handed to the writer and not yet known to be written, by object name. */
    private final Map<String, byte[]> waiting = new ConcurrentHashMap<>();
    /** The writes not yet awaited, in order. */
    private final Map<String, Future<?>> inFlight = new LinkedHashMap<>();
    private final Semaphore room = new Semaphore(MAX_PENDING_BYTES);
    private ExecutorService writer;

    public UnitRowStore(Backend backend) {
        this.backend = backend;
    }

    @Override
    public String save(String sourceId, byte[] data, int offset, int length) {
        byte[] rows = Arrays.copyOfRange(data, offset, offset + length);
        String name = PREFIX + ObjectNames.requireValidId("source id", sourceId) + "/"
                + String.format("%016x-%d", KeyHasher.hash(rows, rows.length), rows.length);
        synchronized (this) {
            referenced.add(name);
            if (!written.add(name)) {
                return name;
            }
        }
        write(name, rows);
        return name;
    }

    /** Hands the rows to a writer; waits for room first, without the lock, so other workers save and load meanwhile. */
    private void write(String name, byte[] rows) {
        int permits = Math.min(rows.length, MAX_PENDING_BYTES);
        room.acquireUninterruptibly(permits);
        waiting.put(name, rows);
        synchronized (this) {
            try {
                reapFinished();
                inFlight.put(name, writer().submit(() -> {
                    try {
                        backend.put(name, compressed(rows));
                    } finally {
                        room.release(permits);
                    }
                }));
            } catch (RuntimeException e) {
                room.release(permits);
                waiting.remove(name);
                written.remove(name);
                throw e;
            }
        }
    }

    /**
     * The rows object of {@code rows}, compressed by at most {@link #COMPRESSORS} writers at a time:
     * the forces wait for the disk on all of them, but compressing on every core would take the one
     * the source reads on.
     */
    private static byte[] compressed(byte[] rows) {
        COMPRESSORS.acquireUninterruptibly();
        try {
            return FramedObject.write(ObjectFormat.UNIT_ROWS, rows, 0, rows.length);
        } finally {
            COMPRESSORS.release();
        }
    }

    private ExecutorService writer() {
        if (writer == null) {
            writer = Executors.newFixedThreadPool(WRITERS, task -> {
                Thread thread = new Thread(task, "tideway-unit-rows-writer");
                thread.setDaemon(true);
                return thread;
            });
        }
        return writer;
    }

    /**
     * Waits until every row object {@link #save} was given is written durably.
     *
     * @throws PersistenceException if a write failed (the first failure; the failed objects are
     *     written again if saved again)
     */
    public synchronized void awaitWrites() {
        PersistenceException failure = null;
        for (Iterator<Map.Entry<String, Future<?>>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Future<?>> write = it.next();
            PersistenceException failed = outcome(write.getKey(), write.getValue());
            if (failed != null && failure == null) {
                failure = failed;
            }
            it.remove();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Forgets the writes already done, so that what is in flight stays small; a failure is thrown now. */
    private void reapFinished() {
        for (Iterator<Map.Entry<String, Future<?>>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Future<?>> write = it.next();
            if (!write.getValue().isDone()) {
                return;
            }
            it.remove();
            PersistenceException failed = outcome(write.getKey(), write.getValue());
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** Waits for one write; null when it succeeded, else the failure (and the object counts as not written). */
    private PersistenceException outcome(String name, Future<?> write) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    write.get();
                    waiting.remove(name);
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            waiting.remove(name);
            written.remove(name);
            Throwable cause = e.getCause();
            return cause instanceof PersistenceException p ? p
                    : new PersistenceException("cannot write the rows object " + name + " to state location "
                            + backend.describe() + ": " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void retain(String name) {
        referenced.add(name);
    }

    /** Reads outside the lock (other workers save and load meanwhile); only the bookkeeping takes it. */
    @Override
    public byte[] load(String name) {
        byte[] notYetWritten = waiting.get(name);
        if (notYetWritten != null) {
            return notYetWritten;
        }
        Optional<byte[]> data = backend.get(name);
        if (data.isEmpty()) {
            throw new DamagedObjectException(name, "the rows object " + name + " in state location " + backend.describe()
                    + " is missing, though a snapshot or the log refers to it; restore it from a backup, or move the state"
                    + " location away to start afresh");
        }
        FrameScan scan = FramedObject.scan(ObjectFormat.UNIT_ROWS, data.get(), name, backend.describe(), false);
        if (!scan.isComplete() || scan.records().size() != 1) {
            throw new DamagedObjectException(name, "the rows object " + name + " in state location " + backend.describe() + " is damaged: "
                    + scan.cutReason().orElse("expected one frame"));
        }
        byte[] rows = scan.records().get(0);
        String expected = String.format("%016x-%d", KeyHasher.hash(rows, rows.length), rows.length);
        if (!name.endsWith("/" + expected)) {
            throw new DamagedObjectException(name, "the rows object " + name + " in state location " + backend.describe()
                    + " does not hold the rows its name says (" + expected + ")");
        }
        synchronized (this) {
            written.add(name);
        }
        return rows;
    }

    /** Starts a snapshot: what it refers to is gathered anew. */
    public synchronized void beginSnapshot() {
        referenced.clear();
    }

    /**
     * Deletes the rows objects the last snapshot does not refer to; call once that snapshot is
     * committed, with every write awaited.
     */
    public synchronized int deleteUnreferenced() {
        int deleted = 0;
        List<String> names = backend.list(PREFIX);
        for (String name : names) {
            if (!referenced.contains(name)) {
                backend.delete(name);
                written.remove(name);
                deleted++;
            }
        }
        return deleted;
    }

    /** Stops the writer thread once the writes handed to it are done (a failure is left for recovery to find). */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
            writer = null;
        }
    }
}
