package dev.tideway.internal.engine;

import dev.tideway.UserFunctionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One operator of the dataflow. During a logical time, its inputs {@link #push} batches of changes
 * into it; at the end of the time the graph calls {@link #flush} on every node in creation order
 * (which is a topological order: a node is created after its inputs). What a node {@link #emit}s is
 * delivered to its consumers right after the call that emitted it.
 */
public abstract class Node {
    private final Graph graph;
    private final int index;
    private final String kind;
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<Node> inputs;
    private final Changes out = new Changes();
    private String name;
    private boolean muted;
    /** Rows received from the inputs and emitted to the consumers, counted per batch delivered (for metrics). */
    private long rowsIn;
    private long rowsOut;
    /** Rows withheld because user code failed on them (terminateOnError false). */
    private long errors;
    /** The copies that hold this node's state on the workers of a run with several; empty while it holds its own. */
    private List<Node> replicas = List.of();

    private record Consumer(Node node, int port) {}

    protected Node(Graph graph, String kind, Node... inputs) {
        this.graph = graph;
        this.kind = kind;
        this.inputs = List.of(inputs);
        for (int port = 0; port < inputs.length; port++) {
            if (inputs[port].graph != graph) {
                throw new IllegalArgumentException("tables of two different pipelines cannot be combined (" + inputs[port] + " and " + kind + ")");
            }
            inputs[port].consumers.add(new Consumer(this, port));
        }
        this.index = graph.add(this);
    }

    public final Graph graph() {
        return graph;
    }

    /** The node's position in the graph, stable for an unchanged pipeline. */
    public final int index() {
        return index;
    }

    /** What the node does, for messages and for state names. */
    public final String kind() {
        return kind;
    }

    /** The nodes this one reads, by port. */
    public final List<Node> inputs() {
        return inputs;
    }

    /** The name given with {@code Table.named}, or null. */
    public final String name() {
        return name;
    }

    /** Names the node: its state is then matched by this name across runs, wherever it moves in the pipeline. */
    public final void name(String value) {
        this.name = value;
    }

    /**
     * What the node computes, as canonical text ({@link dev.tideway.internal.engine.identity.OperatorDefinition}):
     * its kind, expressions written canonically, schemas, parameters and the identities of the user
     * functions it runs. Two runs whose nodes have the same definition (and inputs) can share state;
     * {@link dev.tideway.internal.engine.identity.OperatorIdentity} hashes it. Never built from
     * {@code toString()}. A node with nothing but its kind to say returns {@code kind{}}.
     */
    public String definition() {
        return new dev.tideway.internal.engine.identity.OperatorDefinition(kind).text();
    }

    /**
     * Makes this node stand for {@code copies}, one per worker, which run it from now on and hold its
     * state between them (a {@link KeyedState} by partition key): {@link #stateParts} are then the
     * copies, so a snapshot of this node writes theirs as one, and its metrics count theirs. Called
     * once, by the workers, before their first batch.
     */
    public final void replicatedAs(List<? extends Node> copies) {
        this.replicas = List.copyOf(copies);
    }

    /**
     * Where this node's state is: the node itself, or, in a run with several workers, its copies
     * ({@link #replicatedAs}). Read on the run's thread between batches, when the workers are idle.
     */
    @SuppressWarnings("unchecked")
    protected final <N extends Node> List<N> stateParts() {
        return (List<N>) (replicas.isEmpty() ? List.of(this) : replicas);
    }

    /** While muted, a node ignores what its inputs push (its restored state already holds it). */
    public final void mute(boolean value) {
        this.muted = value;
    }

    /** Receives changes from the input at {@code port}, at the graph's current time. */
    protected abstract void push(int port, Changes changes);

    /**
     * Receives changes from the input at {@code port} whose {@linkplain Partitioned#partitionKey
     * partition keys} the caller computed already: {@code partitionKeys[i]} is this node's partition
     * key of change {@code i} (an exchange between workers hashes each row once, to route it). A
     * {@link Partitioned} node whose state is keyed by its partition key (groups, join buckets)
     * overrides this to take the key instead of hashing the row again; by default it is ignored.
     */
    protected void push(int port, Changes changes, long[] partitionKeys) {
        push(port, changes);
    }

    /** Called once at the end of every logical time in which the graph ran. */
    protected void flush(long time) {}

    /** Called once when the run ends (all sources finished, or stopped). */
    protected void end() {}

    /** Delivers what was emitted outside push and flush (a restored node re-emitting its output). */
    protected final void deliverNow() {
        deliver();
    }

    /**
     * The error for user code that failed on a row of this node: names the node (and its name), the
     * row's key and values, and where the row came from, if a source upstream can tell by its key.
     */
    protected final UserFunctionException failure(RuntimeException cause, long key, Object row) {
        return failure(toString(), cause, key, row);
    }

    /** As {@link #failure(RuntimeException, long, Object)}, naming the node as {@code what}. */
    protected final UserFunctionException failure(String what, Throwable cause, long key, Object row) {
        if (cause instanceof UserFunctionException already && already.origin().isPresent()) {
            return already;
        }
        // looking for the origin reads every unit upstream: done for a bounded number of errors a batch
        String origin = graph.takeOriginLookup() ? originOf(key) : null;
        return new UserFunctionException(what, name, key, row, origin, cause);
    }

    /** What a source upstream of this node says about a row of that key, the nearest source first. */
    private String originOf(long key) {
        Set<Node> seen = new HashSet<>();
        Deque<Node> next = new ArrayDeque<>(List.of(this));
        while (!next.isEmpty()) {
            Node node = next.removeFirst();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof SourceNode<?> source) {
                String origin = source.describeRow(key);
                if (origin != null) {
                    return origin;
                }
            }
            next.addAll(node.inputs);
        }
        return null;
    }

    protected final void emit(long key, Object row, int diff) {
        out.add(key, row, diff);
    }

    /**
     * Reports that user code failed on a row of this node (or that a row cannot be given its place,
     * such as a key clash). When the run stops on errors (the default) it throws {@code error}; when it
     * does not ({@code RunConfig.withTerminateOnError(false)}), it hands the error to the pipeline's
     * error log and returns, and the caller withholds the row: it goes on as if the row had not come.
     * A node reports the failure of a row's insertion only; the retraction of a withheld row fails
     * again (the code is deterministic) and is dropped without a report.
     *
     * @throws UserFunctionException {@code error}, when the run stops on errors
     */
    protected final void report(UserFunctionException error) {
        if (graph.terminateOnError()) {
            throw error;
        }
        errors++;
        graph.reportError(this, error);
    }

    /**
     * Withholds a change of a row on which user code failed: throws the failure when the run stops on
     * errors; otherwise reports the failure of an insertion ({@code diff} > 0) and drops a
     * retraction's without a report (its insertion failed too, and was withheld). The caller goes on
     * as if the change had not come.
     *
     * @throws UserFunctionException when the run stops on errors
     */
    protected final void withhold(RuntimeException cause, long key, Object row, int diff) {
        if (graph.terminateOnError()) {
            throw failure(cause, key, row);
        }
        if (diff > 0) {
            report(failure(cause, key, row));
        }
    }

    /** As {@link #withhold(RuntimeException, long, Object, int)}, for a failure already described. */
    protected final void withhold(UserFunctionException error, int diff) {
        if (graph.terminateOnError()) {
            throw error;
        }
        if (diff > 0) {
            report(error);
        }
    }

    /** How many changes were emitted and not yet delivered: a mark for {@link #dropEmittedSince}. */
    protected final int emittedMark() {
        return out.size();
    }

    /** Takes back the changes emitted since {@code mark} (a row withheld halfway through its outputs). */
    protected final void dropEmittedSince(int mark) {
        out.truncate(mark);
    }

    /** Whether a failing row is withheld and reported (true) rather than stopping the run. */
    protected final boolean withholdsFailures() {
        return !graph.terminateOnError();
    }

    /** Counts {@code rows} more rows as received: input that reached the node folded into fewer changes (a combiner's partials). */
    protected final void countInput(long rows) {
        rowsIn += rows;
    }

    /** Rows received from the inputs so far (by this node and its copies on the workers), for metrics; read on the run's thread. */
    public final long rowsIn() {
        return rowsIn + replicas.stream().mapToLong(Node::rowsIn).sum();
    }

    /** Rows (changes) emitted to the consumers so far (by this node and its copies), for metrics; read on the run's thread. */
    public final long rowsOut() {
        return rowsOut + replicas.stream().mapToLong(Node::rowsOut).sum();
    }

    /** Rows withheld and reported to the error log so far (by this node and its copies); read on the run's thread. */
    public final long errors() {
        return errors + replicas.stream().mapToLong(Node::errors).sum();
    }

    /** Sends what was emitted to the consumers. Called by the graph after push and flush. */
    final void deliver() {
        if (out.isEmpty()) {
            return;
        }
        int size = out.size();
        rowsOut += size;
        for (Consumer consumer : consumers) {
            if (!consumer.node.muted) {
                consumer.node.rowsIn += size;
                consumer.node.push(consumer.port, out);
                consumer.node.deliver();
            }
        }
        out.clear();
    }

    final void pushAndDeliver(int port, Changes changes) {
        rowsIn += changes.size();
        push(port, changes);
        deliver();
    }

    final void pushAndDeliver(int port, Changes changes, long[] partitionKeys) {
        rowsIn += changes.size();
        push(port, changes, partitionKeys);
        deliver();
    }

    /** The nodes that read this one's output. */
    public final List<Node> consumers() {
        List<Node> nodes = new ArrayList<>(consumers.size());
        for (Consumer consumer : consumers) {
            nodes.add(consumer.node);
        }
        return nodes;
    }

    @Override
    public String toString() {
        return kind + "#" + index;
    }
}
