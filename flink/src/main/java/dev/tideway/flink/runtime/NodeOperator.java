package dev.tideway.flink.runtime;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupStatePartitionStreamProvider;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * A Flink operator that runs one engine node on {@link Change}s, with the node's own incremental
 * logic (the same code as the embedded engine, not a second implementation).
 *
 * <p><b>Logical times.</b> A change carries the logical time of the source batch that made it, and
 * every batch is followed by a watermark of its time. The node is pushed the changes of a time and
 * flushed when the watermark passes it, exactly as the embedded engine pushes a batch and flushes at
 * the end of its time; what it emits goes out with that time, followed by a watermark of it. Fed by a
 * single upstream channel, changes arrive in order of time and are pushed as they come; fed by
 * several, a change of a later time is held until the watermark reaches it.
 *
 * <p><b>Keyed.</b> After a {@code keyBy} on the node's partition key, the operator keeps one copy of
 * the node per key group it owns, built from the pipeline's definition in the task. At a checkpoint
 * each copy's state ({@code Stateful#snapshot}, the bytes the embedded engine snapshots) and the
 * changes held for later times are written as Flink raw keyed state of their key group, so a
 * savepoint restores into any parallelism: each key group's copy moves whole. State is thus held on
 * the heap as the embedded engine holds it and written in full at every checkpoint.
 *
 * <p><b>Forward.</b> Without a key (a stateless node, or a consolidation whose input is already
 * partitioned by row key) one copy runs; it holds nothing between times.
 *
 * <p>Checkpoints must be aligned (Flink's default): a barrier then never falls between a batch and
 * its watermark, and every copy is between two times when its state is written.
 */
public final class NodeOperator extends AbstractStreamOperator<Change> implements OneInputStreamOperator<Change, Change> {
    private static final long serialVersionUID = 1L;
    private static final int STATE_VERSION = 1;
    private static final long NONE = Long.MIN_VALUE;

    private final HostedNode hosted;
    private final boolean keyed;
    private final int ports;
    /** Whether every input change comes through one channel, in order of time. */
    private final boolean inOrder;
    /** Whether the node is flushed at every logical time, with input or not (event-time operators, whose watermark moves). */
    private final boolean everyTime;
    /** Whether the node keeps state between times (else nothing of it is checkpointed). */
    private final boolean stateful;
    private final TypeSerializer<Change> inputSerializer;
    /** Where the outputs after the first go (a group of nodes with several exits); the first is the main output. */
    private final OutputTag<Change>[] sideOutputs;

    private transient Map<Integer, Replica> replicas;
    private transient Replica single;
    private transient List<Replica> touched;
    private transient TreeMap<Long, List<Held>> held;
    private transient long openTime;
    private transient long lastFlushed;
    private transient long emittedWatermark;
    private transient int maxParallelism;
    /** The key group of the constant key an operator that sees all rows is keyed by. */
    private transient int constantGroup;
    private transient StreamRecord<Change> out;

    /** A change held for a later time, with the key group it belongs to. */
    private record Held(int keyGroup, Change change) {}

    /**
     * @param hosted the node
     * @param keyed whether the input is keyed by the node's partition key (else one copy runs, holding nothing between times)
     * @param ports the node's inputs
     * @param inOrder whether all input comes through one channel, in order of time
     * @param everyTime whether the node is flushed at every time (an event-time operator; keyed by one constant key)
     * @param stateful whether the node keeps state between times
     * @param inputSerializer the serializer of the input, for changes held in state
     * @param sideOutputs the tags of the outputs after the first, for hosted nodes with several exits
     */
    @SafeVarargs
    public NodeOperator(HostedNode hosted, boolean keyed, int ports, boolean inOrder, boolean everyTime, boolean stateful,
                        TypeSerializer<Change> inputSerializer, OutputTag<Change>... sideOutputs) {
        this.hosted = hosted;
        this.keyed = keyed;
        this.ports = ports;
        this.inOrder = inOrder;
        this.everyTime = everyTime;
        this.stateful = stateful;
        this.inputSerializer = inputSerializer;
        this.sideOutputs = sideOutputs.clone();
    }

    private void prepare() {
        if (replicas != null) {
            return;
        }
        replicas = new HashMap<>();
        touched = new ArrayList<>();
        held = new TreeMap<>();
        openTime = NONE;
        lastFlushed = NONE;
        emittedWatermark = NONE;
        out = new StreamRecord<>(null);
        maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        constantGroup = KeyGroupRangeAssignment.assignToKeyGroup(PartitionKeys.CONSTANT, maxParallelism);
    }

    @Override
    protected boolean isUsingCustomRawKeyedState() {
        return keyed;
    }

    private KeyGroupRange keyGroups() {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism,
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    }

    private Replica replica(int keyGroup) {
        if (!keyed) {
            if (single == null) {
                single = new Replica(hosted.build(), ports, this::emit);
            }
            return single;
        }
        Replica replica = replicas.get(keyGroup);
        if (replica == null) {
            replica = new Replica(hosted.build(), ports, this::emit);
            replicas.put(keyGroup, replica);
        }
        return replica;
    }

    private void emit(int exit, Change change) {
        if (exit == 0) {
            output.collect(out.replace(change, change.time()));
        } else {
            output.collect(sideOutputs[exit - 1], new StreamRecord<>(change, change.time()));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        prepare();
        if (!keyed) {
            replica(0);
        }
    }

    @Override
    public void processElement(StreamRecord<Change> element) throws Exception {
        Change change = element.getValue();
        int keyGroup = keyed ? KeyGroupRangeAssignment.assignToKeyGroup(getCurrentKey(), maxParallelism) : 0;
        long time = change.time();
        if (inOrder && held.isEmpty() && (openTime == NONE || openTime == time) && time > lastFlushed) {
            openTime = time;
            accept(replica(keyGroup), change);
        } else {
            held.computeIfAbsent(time, t -> new ArrayList<>()).add(new Held(keyGroup, change));
        }
    }

    private void accept(Replica replica, Change change) {
        if (!replica.touched) {
            replica.touched = true;
            touched.add(replica);
            replica.begin(change.time());
        }
        replica.add(change);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        advance(mark.getTimestamp());
        super.processWatermark(mark);
    }

    /** Computes every time up to {@code watermark}, in order: pushes its changes, flushes, emits, and marks it done downstream. */
    private void advance(long watermark) {
        while (true) {
            long next = openTime;
            if (!held.isEmpty() && (next == NONE || held.firstKey() < next)) {
                next = held.firstKey();
            }
            if (next == NONE || next > watermark) {
                break;
            }
            List<Held> changes = held.remove(next);
            if (changes != null) {
                for (Held change : changes) {
                    accept(replica(change.keyGroup), change.change());
                }
            }
            finish(next);
        }
        if (everyTime && watermark != Long.MAX_VALUE && watermark > lastFlushed) {
            // an event-time operator ends every logical time, as the embedded engine flushes every node at every commit
            Replica only = replica(constantGroup);
            only.touched = true;
            touched.add(only);
            finish(watermark);
        }
    }

    private void finish(long time) {
        for (Replica replica : touched) {
            replica.finish(time);
        }
        touched.clear();
        openTime = NONE;
        lastFlushed = time;
        if (time > emittedWatermark) {
            // tells the operators downstream that this time is complete, before the next time's changes
            emittedWatermark = time;
            output.emitWatermark(new Watermark(time));
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        // a stateless node's buffered changes go out before the barrier; a stateful node is between times here
        for (Replica replica : touched) {
            if (!replica.stateful()) {
                replica.pushBuffered();
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        for (Replica replica : touched) {
            if (replica.stateful() || replica.hasBuffered()) {
                throw new IllegalStateException(describe() + ": a checkpoint barrier arrived inside a batch (logical time " + openTime
                        + "); Tideway on Flink needs aligned checkpoints: do not enable unaligned checkpoints");
            }
        }
        if (!keyed) {
            if (!held.isEmpty()) {
                throw new IllegalStateException(describe() + ": changes held at a checkpoint by an operator without keyed state");
            }
            return;
        }
        KeyedStateCheckpointOutputStream stream = context.getRawKeyedOperatorStateOutput();
        DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(stream);
        Map<Integer, List<Held>> heldByGroup = new HashMap<>();
        held.forEach((time, changes) -> changes.forEach(h -> heldByGroup.computeIfAbsent(h.keyGroup, g -> new ArrayList<>()).add(h)));
        BinaryWriter state = new BinaryWriter(1 << 12);
        for (int keyGroup : keyGroups()) {
            stream.startNewKeyGroup(keyGroup);
            view.writeInt(STATE_VERSION);
            view.writeUTF(hosted.version());
            Replica replica = replicas.get(keyGroup);
            boolean withState = replica != null && replica.stateful();
            view.writeBoolean(withState);
            if (withState) {
                state.reset();
                replica.snapshot(state);
                view.writeInt(state.size());
                view.write(state.buffer(), 0, state.size());
            }
            List<Held> changes = heldByGroup.getOrDefault(keyGroup, List.of());
            view.writeInt(changes.size());
            for (Held change : changes) {
                inputSerializer.serialize(change.change(), view);
            }
        }
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        prepare();
        if (!keyed) {
            return;
        }
        int restored = 0;
        for (KeyGroupStatePartitionStreamProvider provider : context.getRawKeyedStateInputs()) {
            int keyGroup = provider.getKeyGroupId();
            try (InputStream stream = provider.getStream()) {
                restore(keyGroup, new DataInputViewStreamWrapper(stream));
            }
            restored++;
        }
        if (restored == 0 && stateful && context.getRestoredCheckpointId().isPresent()) {
            throw new IllegalStateException(describe() + " has no state in the checkpoint or savepoint restored (checkpoint "
                    + context.getRestoredCheckpointId().getAsLong() + "): it was added or moved, or its uid changed, since. Tideway on"
                    + " Flink cannot rebuild an operator from its input; start the job without the savepoint (it reads its input"
                    + " again), or keep the pipeline up to this operator as it was (name it with named(...) to keep its state where"
                    + " it moves)");
        }
    }

    private void restore(int keyGroup, DataInputViewStreamWrapper in) throws IOException {
        int version = in.readInt();
        if (version != STATE_VERSION) {
            throw new IOException(describe() + ": state of version " + version + "; this build reads version " + STATE_VERSION);
        }
        String written = in.readUTF();
        if (!written.equals(hosted.version())) {
            throw new IllegalStateException(describe() + " changed since its state was written (its version was " + written + ", it is "
                    + hosted.version() + " now: its definition, or an operator before it, changed). Tideway on Flink cannot rebuild an"
                    + " operator from its input; start the job without the savepoint, or restore with the pipeline as it was");
        }
        if (in.readBoolean()) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            replica(keyGroup).restore(new BinaryReader(bytes));
        }
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            Change change = inputSerializer.deserialize(in);
            held.computeIfAbsent(change.time(), t -> new ArrayList<>()).add(new Held(keyGroup, change));
        }
    }

    private String describe() {
        return "operator " + hosted.describe();
    }
}
