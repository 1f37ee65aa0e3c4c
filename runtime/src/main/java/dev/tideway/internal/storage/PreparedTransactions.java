package dev.tideway.internal.storage;

import dev.tideway.internal.engine.KeyHasher;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The prepared transactions of transactional sinks (see
 * {@code dev.tideway.spi.TransactionalOutputConnector}), kept in the snapshot storage so
 * that recovery can finish the one the committed metadata names.
 *
 * <p>One immutable object per sink and position, {@code prepared/<sink>/<position>}, where
 * {@code <sink>} is a hash of the sink's persistent name (the name its position has in the
 * metadata) and {@code <position>} the position the sink returned from its pre-commit, as 20
 * digits. The object is the header {@link ObjectFormat#PREPARED_TRANSACTION} and one frame (length
 * and CRC32C) holding the sink's bytes; one without a header (format 0, written before headers) is
 * read too. It is written before the metadata that names the position, and deleted once a later
 * commit's metadata names another position.
 *
 * <pre>{@code
 * PreparedTransactions prepared = new PreparedTransactions(snapshotBackend);
 * prepared.put("kafka:out", 7, bytes);              // before the metadata naming position 7
 * Optional<byte[]> back = prepared.get("kafka:out", 7);
 * prepared.deleteExcept("kafka:out", 7);            // what no metadata names any more
 * }</pre>
 */
public final class PreparedTransactions {
    /** Where the prepared transactions are, in the snapshot storage. */
    public static final String PREFIX = "prepared/";

    private final Backend backend;

    public PreparedTransactions(Backend backend) {
        this.backend = backend;
    }

    /** Writes the prepared transaction of {@code sink} at {@code position}; durable when it returns. */
    public void put(String sink, long position, byte[] prepared) {
        backend.put(name(sink, position), ObjectFormat.PREPARED_TRANSACTION.prefix(Frames.frame(prepared)));
    }

    /**
     * The prepared transaction of {@code sink} at {@code position}, if one was written.
     *
     * @throws ObjectFormat.NewerFormatException if the object was written by a newer Tideway
     * @throws PersistenceException if the object is damaged (a garbled header, torn or a checksum mismatch)
     */
    public Optional<byte[]> get(String sink, long position) {
        String name = name(sink, position);
        Optional<byte[]> data = backend.get(name);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        ObjectFormat.Header header = ObjectFormat.PREPARED_TRANSACTION.read(data.get(), name, backend.describe());
        FrameScan scan = FrameReader.scan(data.get(), header.bodyStart());
        if (!scan.isComplete() || scan.records().size() != 1) {
            throw new PersistenceException("the prepared transaction " + name + " of sink " + sink + " at "
                    + backend.describe() + " is damaged" + scan.cutReason().map(reason -> ": " + reason).orElse("")
                    + ". Its metadata is committed, so the sink cannot tell what to finish; restore the object from a"
                    + " backup, or move the state location away to start afresh.");
        }
        return Optional.of(scan.records().get(0));
    }

    /** Deletes the prepared transaction of {@code sink} at {@code position}, if any. */
    public void delete(String sink, long position) {
        backend.delete(name(sink, position));
    }

    /** Deletes every prepared transaction of {@code sink} but the one at {@code keep} (-1: all). */
    public void deleteExcept(String sink, long keep) {
        String kept = keep < 0 ? null : name(sink, keep);
        for (String name : backend.list(folder(sink))) {
            if (!name.equals(kept)) {
                backend.delete(name);
            }
        }
    }

    private static String name(String sink, long position) {
        return folder(sink) + ObjectNames.sequence(position);
    }

    private static String folder(String sink) {
        byte[] bytes = sink.getBytes(StandardCharsets.UTF_8);
        return PREFIX + String.format("%016x", KeyHasher.hash(bytes, bytes.length)) + "/";
    }
}
