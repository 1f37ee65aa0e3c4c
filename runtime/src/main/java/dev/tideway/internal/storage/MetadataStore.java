package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit point of persisted state: each {@link Checkpoint} is a new, never-overwritten object
 * {@code metadata/<20-digit generation>} (see {@link CheckpointCodec} for its text form).
 *
 * <p>A commit creates its generation with {@link Backend#putIfAbsent}, so it is atomic on a folder
 * and on object stores alike, and a second writer on the same location is detected instead of
 * silently overwriting. Write the log segments and snapshot first and the metadata last: until the
 * new generation exists, the previous one is the consistent point. After a commit, the store keeps
 * the new generation and the previous good one and deletes older ones.
 *
 * <pre>{@code
 * MetadataStore metadata = new MetadataStore(backend);
 * Optional<Checkpoint> recovered = metadata.latest();     // at start
 * ...
 * metadata.commit(new Checkpoint(metadata.nextGeneration(), ...));
 * }</pre>
 *
 * <p>Methods are synchronized; one instance serves one run.
 */
public final class MetadataStore {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    private static final String PREFIX = "metadata/";

    private final Backend backend;
    /** Generations on the backend, once listed; kept up to date by commits and deletes. */
    private NavigableSet<Long> generations;
    /** The newest generation known to be readable, or -1. */
    private long lastGood = -1;

    public MetadataStore(Backend backend) {
        this.backend = backend;
    }

    /** The object name of a generation. */
    public static String objectName(long generation) {
        return PREFIX + ObjectNames.sequence(generation);
    }

    /**
     * The newest checkpoint that reads back intact. If the newest generation is damaged, it is
     * skipped with a warning and the one before it is used.
     *
     * @return empty if the location holds no metadata (a first run)
     * @throws PersistenceException if there is metadata but no generation is readable, or one is of a
     *     format this version cannot read
     */
    public synchronized Optional<Checkpoint> latest() {
        List<String> damaged = new ArrayList<>();
        for (long generation : listed().descendingSet()) {
            String name = objectName(generation);
            Optional<byte[]> data = backend.get(name);
            if (data.isEmpty()) {
                continue; // deleted since listed
            }
            try {
                Checkpoint checkpoint = CheckpointCodec.decode(data.get(), name, backend.describe());
                if (checkpoint.generation() != generation) {
                    throw new DamagedObjectException(name, "metadata object " + name + " in state location "
                            + backend.describe() + " holds generation " + checkpoint.generation());
                }
                if (!damaged.isEmpty()) {
                    LOG.warn("Recovering from metadata generation {} of {}: newer generation(s) are damaged and"
                            + " skipped: {}", generation, backend.describe(), damaged);
                }
                lastGood = generation;
                return Optional.of(checkpoint);
            } catch (DamagedObjectException e) {
                LOG.warn("{}; trying the previous generation", e.getMessage());
                damaged.add(name);
            }
        }
        if (!damaged.isEmpty()) {
            throw new PersistenceException("no readable metadata in state location " + backend.describe()
                    + ": every generation is damaged (" + String.join(", ", damaged) + "); restore the location"
                    + " from a backup, or move it away to start from an empty state");
        }
        return Optional.empty();
    }

    /** The generation the next commit should use: above every generation present, even damaged ones. */
    public synchronized long nextGeneration() {
        return listed().isEmpty() ? 1 : listed().last() + 1;
    }

    /**
     * Makes {@code checkpoint} the consistent point: durable and visible when this returns. Then
     * deletes generations older than the previous good one.
     *
     * @throws PersistenceException if its generation already exists or is not above the newest one,
     *     which means another process is committing to this location; or if the backend fails
     */
    public synchronized void commit(Checkpoint checkpoint) {
        long generation = checkpoint.generation();
        String name = objectName(generation);
        NavigableSet<Long> known = listed();
        if (!known.isEmpty() && generation <= known.last()) {
            throw conflict(name, "is not above the newest generation, " + known.last());
        }
        if (!backend.putIfAbsent(name, CheckpointCodec.encode(checkpoint))) {
            known.add(generation);
            throw conflict(name, "already exists");
        }
        long previous = lastGood >= 0 ? lastGood : Optional.ofNullable(known.lower(generation)).orElse(-1L);
        known.add(generation);
        lastGood = generation;
        for (long old : new ArrayList<>(known.headSet(generation, false))) {
            if (old != previous) {
                deleteQuietly(old);
            }
        }
    }

    private PersistenceException conflict(String name, String problem) {
        return new PersistenceException("cannot commit " + name + " in state location " + backend.describe() + ": it "
                + problem + ", so another process is committing to this location; a state location serves one"
                + " pipeline at a time: stop the other process or give this one another location");
    }

    private void deleteQuietly(long generation) {
        try {
            backend.delete(objectName(generation));
            generations.remove(generation);
        } catch (PersistenceException e) {
            // The new generation is committed; an old one left behind is only garbage.
            LOG.warn("Could not delete old metadata generation {}: {}", generation, e.getMessage());
        }
    }

    private NavigableSet<Long> listed() {
        if (generations == null) {
            NavigableSet<Long> found = new TreeSet<>();
            for (String name : backend.list(PREFIX)) {
                long generation = ObjectNames.parseSequence(name.substring(PREFIX.length()));
                if (generation >= 0) {
                    found.add(generation);
                }
            }
            generations = found;
        }
        return generations;
    }
}
