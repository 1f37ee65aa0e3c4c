package dev.tideway.internal.engine;

import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input of the dataflow: polls its connector and turns what it reports into row changes, and
 * records each change as a log record for persistence. It is the operator; what it holds of what it
 * read, and the row changes each read makes (one row per primary key, append-only sources, keyed
 * changes, the connector's offsets), are its {@link SourceState}'s; its log records (made, and
 * {@linkplain #replay replayed}) are {@link SourceLogRecords}; its rows as bytes (decoded, loaded from
 * the rows store, migrated from an older schema) are {@link SourceRowCodec}'s.
 *
 * <p>Units are named relative to the source's location, so the same files read from a moved or
 * copied folder are the same units: the table follows the location of its persistent id. The
 * location read last is recorded, and the first poll after it changed is logged as a warning with
 * what it found. Row keys come from the {@code @PrimaryKey} components, or else from the source's
 * persistent id, the unit's name and the row's position in it — never from the location, so a move
 * keeps them.
 *
 * <p>The connector's own offsets ({@link UnitChanges#offsets}) are kept with the rest and handed back
 * through {@link KnownUnits#offsets()}, so that they are committed together with the changes they
 * cover. Used on the source's thread only (the run's, or a worker's for a copy of a source split
 * by unit across workers), but {@link #counters} may be read from any thread.
 *
 * @param <T> the row type
 */
public final class SourceNode<T> extends Node {
    private static final Logger LOG = LoggerFactory.getLogger(SourceNode.class);

    /**
     * A unit's rows of at least this many bytes are stored as they are read ({@link #storeRowsWhileReading})
     * and its log record names them; smaller ones stay in the record (an object less per small file).
     */
    static final int STORED_WHILE_READING_BYTES = 4096;

    private final InputConnector<T> connector;
    private final RowSchema<T> schema;
    private final String explicitId;
    private String persistentId;
    private boolean recording;
    private boolean finished;
    private long lastPoll = Long.MIN_VALUE;
    /** Set during the first poll after the location changed. */
    private LocationChange locationChange;

    private final SourceCounters counters = new SourceCounters();
    /** The rows read by polls, published to {@link #counters} per unit and per poll. */
    private long rowsRead;

    private final SourceRowCodec<T> codec;
    private final SourceState<T> state;
    private final SourceLogRecords<T> log;
    private final BinaryWriter rowWriter = new BinaryWriter(1 << 16);
    /** Where a unit's rows are stored as soon as they are read; null when they are held until the snapshot. */
    private UnitRows rowsWhileReading;
    /** Where rows named by a restored snapshot or log record are loaded from; null without persistence. */
    private UnitRows storedRows;
    /** The copies reading this source's shares of units on the workers of a run with several; empty while it reads itself. */
    private List<SourceNode<T>> shares = List.of();

    public SourceNode(Graph graph, InputConnector<T> connector, String explicitId) {
        super(graph, "source:" + connector.kind());
        this.connector = connector;
        this.schema = connector.schema();
        this.explicitId = explicitId;
        this.codec = new SourceRowCodec<>(schema, this::persistentId);
        this.state = new SourceState<>(connector, codec, this::emit, this::deliver, () -> graph().time(), this::persistentId,
                this::sourceName);
        this.log = new SourceLogRecords<>(state, codec);
    }

    public InputConnector<T> connector() {
        return connector;
    }

    public RowSchema<T> schema() {
        return schema;
    }

    /** The id given in code or by {@code @PersistentSource}, or null. */
    public String explicitId() {
        return explicitId;
    }

    /** The id under which this source is persisted; set when the run starts. */
    public String persistentId() {
        return persistentId;
    }

    public void assignPersistentId(String id) {
        this.persistentId = id;
    }

    /** The source's name for messages: its persistent id, or the id given in code before the run assigns one. */
    private String sourceName() {
        return persistentId != null ? persistentId : explicitId;
    }

    /**
     * Declares that the source only ever adds rows (no event deleted, no unit changed): none of the
     * rows read is kept, only the units' positions, so its state and snapshots do not grow with what
     * it read. A unit that goes away is forgotten without retracting its rows; a unit that changes, or
     * an event deleted, is an error. No keys are kept either: with a primary key, duplicate keys are
     * found within a unit only, and a key repeated in another unit or by an event is inserted beside
     * the earlier row (see {@link AppendedUnitRows}).
     */
    public void declareAppendOnly() {
        state.declareAppendOnly();
    }

    /** Whether the source was declared append-only. */
    public boolean appendOnly() {
        return state.appendOnly();
    }

    /**
     * Whether unit rows are kept for later retraction. A static run without persistence needs none,
     * unless the rows have a primary key: one row may then take the place of another read before.
     */
    public void keepRows(boolean keep) {
        state.keepRows(keep);
    }

    /** Whether changes are recorded as log records for the write-ahead log. */
    public void recording(boolean record) {
        this.recording = record;
    }

    /**
     * Stores the rows of each unit read (of at least {@value #STORED_WHILE_READING_BYTES} bytes, encoded)
     * in {@code store} as soon as they are read, and keeps only their name: the unit's log record
     * names them ({@code REPLACE_STORED}) and a snapshot refers to them, so the memory a source holds
     * does not follow what it read. Null: rows are held in memory (and in their log record) until a
     * snapshot stores them. Only with {@linkplain #recording recording}; the store's writes must be
     * durable before the log or a snapshot naming them is committed.
     */
    public void storeRowsWhileReading(UnitRows store) {
        this.rowsWhileReading = store;
    }

    /** Whether the source (every share of it, when shared) has read all it will: a static source after its poll. */
    public boolean finished() {
        return shares.isEmpty() ? finished : shares.stream().allMatch(SourceNode::finished);
    }

    /** Whether the source should be polled at {@code nowMillis}. */
    public boolean due(long nowMillis) {
        if (finished) {
            return false;
        }
        return lastPoll == Long.MIN_VALUE || nowMillis - lastPoll >= connector.pollInterval().toMillis();
    }

    /** When the source next wants a poll, in milliseconds of the same clock as {@link #due}. */
    public long nextPollAt() {
        return lastPoll == Long.MIN_VALUE ? Long.MIN_VALUE : lastPoll + connector.pollInterval().toMillis();
    }

    /** Asks the connector what changed and pushes the changes into the graph. */
    public void poll(long nowMillis) throws IOException {
        lastPoll = nowMillis;
        state.beginPoll(connector.duplicateKeys());
        String current = connector.location();
        String location = state.location();
        if (!current.equals(location)) {
            if (location != null) {
                locationChange = new LocationChange(location, current, state.unitNames().size());
            }
            state.location(current);
            if (recording) {
                log.location(current);
            }
        }
        counters.pollStarted();
        try {
            connector.poll(knownUnits(), changes());
            counters.pollEnded(rowsRead);
            if (locationChange != null) {
                locationChange.log(persistentId);
            }
        } finally {
            locationChange = null;
        }
        if (!connector.streaming()) {
            finished = true;
        }
    }

    /** What the source (every share of it, when shared) has read, for progress and metrics; readable from any thread. */
    public SourceCounters counters() {
        return counters;
    }

    /** The log records made since the last call (by every share, one after the other, when shared), in order. */
    public List<byte[]> drainLog() {
        if (shares.isEmpty()) {
            return log.drain();
        }
        List<byte[]> records = new ArrayList<>(log.drain());
        for (SourceNode<T> share : shares) {
            records.addAll(share.log.drain());
        }
        return records;
    }

    /**
     * Tells the connector that everything it reported so far is committed (see
     * {@link InputConnector#committed}); a failure is logged, since nothing depends on it.
     */
    public void committed() {
        if (!shares.isEmpty()) {
            shares.forEach(SourceNode::committed);
            return;
        }
        byte[] offsets = state.offsets();
        try {
            connector.committed(offsets == null ? null : offsets.clone());
        } catch (RuntimeException e) {
            LOG.warn("source \"{}\": cannot acknowledge the committed offsets: {}", sourceName(), e.toString());
        }
    }

    /** The location this source read last, as a set of one (empty before the first read). */
    public Set<String> locations() {
        if (!shares.isEmpty()) {
            Set<String> locations = new TreeSet<>();
            shares.forEach(share -> locations.addAll(share.locations()));
            return locations;
        }
        String location = state.location();
        return location == null ? Set.of() : Set.of(location);
    }

    /**
     * A copy of this source in {@code graph} that reads {@code connector}, the share of this source's
     * units that {@code owns} accepts, for a worker of a run with several: it has this source's id and
     * settings, and takes over the units of its share this source holds (restored by recovery). Once
     * every share exists, {@link #readBy} makes this source stand for them.
     *
     * @throws IllegalStateException if the source holds events or keyed changes, which belong to no unit
     */
    public SourceNode<T> share(Graph graph, InputConnector<T> connector, Predicate<String> owns) {
        SourceNode<T> share = new SourceNode<>(graph, connector, explicitId);
        share.persistentId = persistentId;
        share.recording = recording;
        share.rowsWhileReading = rowsWhileReading;
        share.storedRows(storedRows);
        state.handOver(share.state, owns);
        return share;
    }

    /**
     * Makes this source stand for {@code copies} (its {@linkplain #share shares}, one per worker): what
     * persistence asks of it — log records, positions, snapshots, whether it finished — is then theirs,
     * as one source's. Called before the workers' first batch; asked on the run's thread between batches.
     */
    public void readBy(List<SourceNode<T>> copies) {
        this.shares = List.copyOf(copies);
        counters.sumOf(copies.stream().map(SourceNode::counters).toList());
    }

    @Override
    protected void push(int port, Changes changes) {
        throw new IllegalStateException("a source has no inputs");
    }

    // ---- changes ----

    private UnitChanges<T> changes() {
        return new UnitChanges<>() {
            @Override
            public void replace(String unit, byte[] position, List<T> rows) {
                replace(unit, position, rows, null);
            }

            @Override
            public void replace(String unit, byte[] position, List<T> rows, IntToLongFunction lineOfRow) {
                rowsRead += rows.size();
                counters.unitRead(rowsRead);
                if (locationChange != null) {
                    locationChange.replaced(state.holds(unit));
                }
                byte[] lines = RowLines.encode(lineOfRow, rows.size());
                long seed = codec.seed(unit);
                if (!state.keepsRows() && !recording) {
                    state.replace(unit, position, rows.size(), lines, seed, rows, null, 0, 0, null);
                    return;
                }
                rowWriter.reset();
                codec.encodeAll(rows, rowWriter);
                if (!recording) {
                    state.replace(unit, position, rows.size(), lines, seed, rows, rowWriter.toByteArray(), 0, rowWriter.size(), null);
                    return;
                }
                if (rowsWhileReading != null && rowWriter.size() >= STORED_WHILE_READING_BYTES) {
                    // encoded once, stored once: the log record and every snapshot after it name the object
                    String stored = rowsWhileReading.save(persistentId, rowWriter.buffer(), 0, rowWriter.size());
                    log.replaceStored(unit, position, rows.size(), lines, stored);
                    state.replace(unit, position, rows.size(), lines, seed, rows, null, 0, 0, stored);
                    return;
                }
                // the log record ends with the rows; the unit keeps that slice of it rather than a copy
                byte[] record = log.replace(unit, position, rows.size(), lines, rowWriter);
                state.replace(unit, position, rows.size(), lines, seed, rows, record, record.length - rowWriter.size(),
                        rowWriter.size(), null);
            }

            @Override
            public void unchanged(String unit, byte[] position) {
                if (!state.holds(unit)) {
                    return;
                }
                if (locationChange != null) {
                    locationChange.unchanged();
                }
                state.unchanged(unit, position);
                if (recording) {
                    log.unchanged(unit, position);
                }
            }

            @Override
            public void remove(String unit) {
                if (locationChange != null && state.holds(unit)) {
                    locationChange.removed();
                }
                state.remove(unit);
                if (recording) {
                    log.remove(unit);
                }
            }

            @Override
            public void pending(int units, long bytes) {
                counters.pending(units, bytes);
            }

            @Override
            public void read(long bytes) {
                counters.bytesRead(bytes);
            }

            @Override
            public void event(T row, int diff) {
                if (diff != 1 && diff != -1) {
                    throw new IllegalArgumentException("source " + persistentId + ": an event inserts (+1) or deletes (-1) one row, not " + diff);
                }
                if (diff > 0) {
                    rowsRead++;
                }
                state.event(row, diff);
                if (recording) {
                    log.event(diff, row);
                }
            }

            @Override
            public void upsert(byte[] key, T row) {
                long messageKey = KeyHasher.hash(key, key.length);
                if (row != null) {
                    rowsRead++;
                }
                state.upsert(messageKey, row);
                if (recording) {
                    log.upsert(messageKey, row);
                }
            }

            @Override
            public void offsets(byte[] newOffsets) {
                byte[] offsets = newOffsets.clone();
                state.offsets(offsets);
                if (recording) {
                    log.offsets(offsets);
                }
            }
        };
    }

    /**
     * Ends the poll (or the replay of one): settles the keys whose rows changed in conflict, rejecting
     * (under REJECT) the rows read by this poll whose key an earlier row holds.
     */
    @Override
    protected void flush(long time) {
        state.settle();
    }

    /**
     * Where a row with this key came from, for an error about it: the unit, and the line (or the
     * row's position, 1-based) it was read from; or a pushed row; null if no row of this source has
     * that key. Runs only on the error path: it looks through every unit the source holds.
     */
    public String describeRow(long key) {
        String source = "source \"" + (persistentId != null ? persistentId : explicitId != null ? explicitId : connector.kind()) + "\"";
        return state.describeRow(key, source);
    }

    private KnownUnits knownUnits() {
        return new KnownUnits() {
            @Override
            public Set<String> units() {
                // a copy: the connector reports removals while it walks the units
                return Set.copyOf(state.unitNames());
            }

            @Override
            public byte[] position(String unit) {
                return state.position(unit);
            }

            @Override
            public byte[] offsets() {
                byte[] offsets = state.offsets();
                return offsets == null ? null : offsets.clone();
            }
        };
    }

    // ---- persistence ----

    /** Applies a record of the write-ahead log as it was applied when it was made. */
    public void replay(byte[] record) {
        state.beginReplay();
        log.replay(record);
    }

    /**
     * Inserts again every row the source holds, as if read now: rebuilds the state of operators
     * that have no usable snapshot from the restored input.
     */
    public void reemitAll() {
        state.reemitAll();
    }

    /** The logical times of the batches that read what the source holds (units, event rows, keyed changes), in order. */
    public SortedSet<Long> readTimes() {
        return state.readTimes();
    }

    /**
     * Inserts again the rows held that the batch at {@code time} read: replaying them time by time
     * reproduces the batches of what the source holds ({@code SPEEDRUN_REPLAY} from a snapshot).
     */
    public void reemitReadAt(long time) {
        state.reemitReadAt(time);
    }

    /**
     * Reads the state and log written with another version of the schema: {@code reader} reads one
     * row in the old layout and returns it in the new one. Null when recovery is over.
     */
    public void migrateFrom(Function<BinaryReader, T> reader) {
        codec.migrateFrom(reader);
    }

    /** Writes what the source holds, rows inline: every unit with its position and rows, the event rows and the keyed changes' rows. */
    public void snapshot(BinaryWriter out) {
        snapshot(out, true, null);
    }

    /**
     * Writes what the source holds (see {@link SourceSnapshot} for the layout). Without rows, only the
     * units' positions and the connector's offsets (enough to resume reading where the source stopped,
     * not to retract what it read). With a store, each unit's rows are saved there once and the snapshot names them; rows
     * saved are then dropped from memory, and loaded back only if the unit is retracted.
     */
    public void snapshot(BinaryWriter out, boolean withRows, UnitRows store) {
        if (shares.isEmpty()) {
            state.snapshot(out, withRows, store);
        } else {
            SourceState.snapshot(shares.stream().map(share -> share.state).toList(), out, withRows, store);
        }
    }

    /** Where rows named by a restored snapshot are loaded from. */
    public void storedRows(UnitRows store) {
        this.storedRows = store;
        codec.storedRows(store);
    }

    /**
     * Drops the rows restored, keeping only the units' positions: a run that persists positions only
     * resumes reading where the source stopped without replaying what it read before.
     */
    public void forgetRows() {
        state.forgetRows();
    }

    /** Restores what {@link #snapshot} wrote, without emitting anything (the operators are restored too). */
    public void restore(BinaryReader in) {
        state.restore(in);
    }
}
