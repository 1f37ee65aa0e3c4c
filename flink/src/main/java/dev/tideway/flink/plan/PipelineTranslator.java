package dev.tideway.flink.plan;

import dev.tideway.internal.engine.ErrorLogNode;
import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.Node;
import dev.tideway.internal.engine.Partitioned;
import dev.tideway.internal.engine.SinkNode;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.spi.InputConnector;
import dev.tideway.internal.engine.ops.AsyncSelectNode;
import dev.tideway.internal.engine.ops.GroupByNode;
import dev.tideway.internal.engine.ops.KeyedCombineNode;
import dev.tideway.internal.engine.ops.RekeyNode;
import dev.tideway.internal.engine.ops.SelectNode;
import dev.tideway.spi.OutputConnector;
import dev.tideway.flink.PipelineDefinition;
import dev.tideway.flink.io.BatchWatermarks;
import dev.tideway.flink.io.ChangeLinesFormat;
import dev.tideway.flink.io.ConnectorSource;
import dev.tideway.flink.runtime.Change;
import dev.tideway.flink.runtime.HostedNode;
import dev.tideway.flink.runtime.NodeOperator;
import dev.tideway.flink.runtime.PartitionKeys;
import dev.tideway.flink.types.ChangeTypeInfo;
import dev.tideway.internal.io.csv.CsvSink;
import dev.tideway.internal.io.file.FileSource;
import dev.tideway.io.file.FileWriteOptions;
import dev.tideway.internal.io.jsonlines.JsonLinesSink;
import dev.tideway.internal.s3.S3ObjectSource;
import dev.tideway.schema.RowSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.OutputTag;

/**
 * Translates a pipeline's graph into a Flink DataStream job, node by node in creation order:
 * <ul>
 *   <li>a source → a {@link ConnectorSource} of parallelism 1;
 *   <li>a stateless node (select, filter, flatten, withIdFrom) → a {@link NodeOperator} chained to its input;
 *   <li>a {@link Partitioned} stateful node (groupBy, join, concat and the other row-key combinations,
 *       deduplicate, sort, a non-deterministic or async select) → {@code keyBy} its partition key, then a
 *       keyed {@link NodeOperator} at the job's parallelism, its inputs united with a port each;
 *   <li>any other stateful node (the event-time operators, whose watermark is the whole table's; the
 *       {@code ix} lookups; streamToTable) → a keyed {@link NodeOperator} of parallelism 1 that sees all rows;
 *   <li>a JSON Lines or CSV sink → the consolidation of each time's changes by row key, then Flink's
 *       {@link FileSink}, exactly once through its two-phase commit.
 * </ul>
 * Each operator gets the uid {@link OperatorIdentity} gives its node. What cannot run with the
 * embedded engine's semantics is refused here with {@link UnsupportedPipelineException}.
 */
public final class PipelineTranslator {
    private final StreamExecutionEnvironment env;
    private final PipelineDefinition definition;
    private final Graph graph;
    private final OperatorIdentity identity;
    private final Map<Node, Translated> streams = new HashMap<>();

    /** A node's output in the job: the stream, its parallelism, and whether every change of one row key comes out of one subtask. */
    private record Translated(DataStream<Change> stream, int parallelism, boolean byRowKey) {}

    private PipelineTranslator(StreamExecutionEnvironment env, PipelineDefinition definition) {
        this.env = env;
        this.definition = definition;
        this.graph = PipelineGraphs.build(definition);
        this.identity = new OperatorIdentity(graph);
    }

    /** Adds the pipeline {@code definition} builds to {@code env}. */
    public static void translate(StreamExecutionEnvironment env, PipelineDefinition definition) {
        new PipelineTranslator(env, definition).translate();
    }

    private void translate() {
        checkEnvironment();
        if (graph.sinks().isEmpty()) {
            throw new UnsupportedPipelineException("the pipeline has no sink: nothing it computes would be seen; write a table with"
                    + " JsonLines.write or Csv.write");
        }
        for (Node node : graph.nodes()) {
            if (node instanceof ErrorLogNode) {
                throw new UnsupportedPipelineException("the pipeline reads its error log (Pipeline.errorLog, Tideway.errorLog): on Flink"
                        + " every task runs its own share of the operators, whose errors no one node sees, and a row that user code"
                        + " fails on fails the job, which Flink restarts from its last checkpoint; remove the error log to run on Flink");
            }
        }
        NodeGroups groups = new NodeGroups(graph);
        for (List<Node> unit : inDependencyOrder(groups)) {
            Node first = unit.get(0);
            if (first instanceof SourceNode<?> source) {
                streams.put(first, source(source));
            } else if (first instanceof SinkNode<?> sink) {
                sink(sink);
            } else if (unit.size() == 1) {
                streams.put(first, operator(first));
            } else {
                group(unit);
            }
        }
    }

    /** The nodes in runs (a group, or a node alone), each after the runs it reads. */
    private List<List<Node>> inDependencyOrder(NodeGroups groups) {
        List<List<Node>> ordered = new ArrayList<>();
        Set<Node> done = new HashSet<>();
        List<Node> pending = new ArrayList<>(graph.nodes());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Node node : List.copyOf(pending)) {
                if (done.contains(node)) {
                    pending.remove(node);
                    continue;
                }
                List<Node> unit = groups.of(node);
                boolean ready = unit.stream().flatMap(member -> member.inputs().stream())
                        .allMatch(input -> unit.contains(input) || done.contains(input));
                if (ready) {
                    ordered.add(unit);
                    done.addAll(unit);
                    pending.removeAll(unit);
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                throw new IllegalStateException("the pipeline's operators read each other in a cycle: " + pending);
            }
        }
        return ordered;
    }

    private void checkEnvironment() {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new UnsupportedPipelineException("checkpointing is off: Tideway's file sinks write exactly once through Flink's"
                    + " two-phase commit, which commits at checkpoints; enable it (env.enableCheckpointing(1000))");
        }
        if (env.getCheckpointConfig().isUnalignedCheckpointsEnabled()) {
            throw new UnsupportedPipelineException("unaligned checkpoints are on: a Tideway operator's state is written between two"
                    + " logical times, which only aligned checkpoints guarantee; turn them off");
        }
        Configuration config = new Configuration();
        // every record is a Change with Tideway's serializers: a type that falls back to Kryo is a bug, refused at once
        config.set(PipelineOptions.GENERIC_TYPES, false);
        // Tideway's operators never change a row they received: no defensive copies between chained operators
        config.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(config);
    }

    private Translated source(SourceNode<?> source) {
        InputConnector<?> connector = source.connector();
        if (!(connector instanceof FileSource<?>) && !(connector instanceof S3ObjectSource<?>)) {
            String what = "source \"" + source.persistentId() + "\" (" + connector.kind() + ")";
            if (connector.kind().equals("kafka")) {
                throw new UnsupportedPipelineException(what + ": Kafka topics do not run on Flink yet (Flink's Kafka connector has no"
                        + " release for Flink 2.3, and Tideway's Kafka offsets are committed in Tideway's own commit); run the pipeline"
                        + " on the embedded engine, or read files (Csv.read, JsonLines.read, Text.read) or S3 objects");
            }
            if (connector.kind().equals("push") || connector.kind().equals("test")) {
                throw new UnsupportedPipelineException(what + " is fed by the program that runs the pipeline, which on Flink runs in"
                        + " other processes than the TaskManagers that read it; read files (Csv.read, JsonLines.read, Text.read) or S3"
                        + " objects instead");
            }
            throw new UnsupportedPipelineException(what + " does not run on Flink: Tideway on Flink reads files (Csv.read,"
                    + " JsonLines.read, Text.read) and S3 objects");
        }
        ConnectorSource reader = new ConnectorSource(definition, source.index(), source.definition(), source.persistentId(),
                connector.streaming());
        DataStream<Change> stream = env.fromSource(reader, new BatchWatermarks(), "source " + source.persistentId(), typeOf(source))
                .setParallelism(1)
                .uid(identity.uid(source));
        return new Translated(stream, 1, true);
    }

    private Translated operator(Node node) {
        HostedNode hosted = HostedNode.of(definition, node, identity.version(node));
        boolean stateful = HostedNode.keepsState(node);
        ChangeTypeInfo outType = typeOf(node);
        String name = node + (node.name() != null ? " (" + node.name() + ")" : "");
        if (!stateful) {
            if (node.inputs().size() != 1) {
                throw new UnsupportedPipelineException(name + " has " + node.inputs().size() + " inputs and no state; Tideway on Flink"
                        + " runs such a node beside its one input only");
            }
            Translated input = streams.get(node.inputs().get(0));
            NodeOperator operator = new NodeOperator(hosted, false, 1, true, false, false, null);
            SingleOutputStreamOperator<Change> stream = input.stream().transform(name, outType, operator)
                    .setParallelism(input.parallelism()).uid(identity.uid(node));
            return new Translated(stream, input.parallelism(), input.byRowKey() && !(node instanceof RekeyNode));
        }
        ChangeTypeInfo inType = inputTypeOf(node.inputs());
        DataStream<Change> input = united(node.inputs(), inType, identity.uid(node));
        int channels = node.inputs().stream().mapToInt(in -> streams.get(in).parallelism()).sum();
        boolean partitioned = node instanceof Partitioned;
        int parallelism = partitioned ? env.getParallelism() : 1;
        NodeOperator operator = new NodeOperator(hosted, true, node.inputs().size(), channels == 1, !partitioned, true,
                inType.createSerializer(env.getConfig().getSerializerConfig()));
        SingleOutputStreamOperator<Change> stream = input
                .keyBy(partitioned ? PartitionKeys.of(hosted) : PartitionKeys.constant(), Types.LONG)
                .transform(name, outType, operator)
                .setParallelism(parallelism)
                .uid(identity.uid(node));
        boolean byRowKey = parallelism == 1 || node instanceof GroupByNode || node instanceof KeyedCombineNode
                || node instanceof SelectNode || node instanceof AsyncSelectNode;
        return new Translated(stream, parallelism, byRowKey);
    }

    /**
     * A group of nodes that must run together (see {@link NodeGroups}): one operator of parallelism 1
     * that sees all rows, fed by every input of a member from outside the group, with an output for
     * every member read from outside it.
     */
    private void group(List<Node> members) {
        List<Node> producers = new ArrayList<>();
        List<int[]> entries = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        StringBuilder version = new StringBuilder();
        for (int m = 0; m < members.size(); m++) {
            Node member = members.get(m);
            version.append(m == 0 ? "" : "+").append(identity.version(member));
            for (int port = 0; port < member.inputs().size(); port++) {
                if (!members.contains(member.inputs().get(port))) {
                    producers.add(member.inputs().get(port));
                    entries.add(new int[] {m, port});
                }
            }
            if (graph.nodes().stream().anyMatch(other -> !members.contains(other) && other.inputs().contains(member))) {
                exits.add(m);
            }
        }
        if (exits.isEmpty()) {
            return;
        }
        HostedNode hosted = new HostedNode(definition, members.stream().mapToInt(Node::index).toArray(),
                members.stream().map(Node::definition).toArray(String[]::new), entries.toArray(new int[0][]),
                exits.stream().mapToInt(Integer::intValue).toArray(), version.toString(), false);
        String uid = identity.uid(members.get(members.size() - 1)) + "-with-" + members.size() + "-nodes";
        ChangeTypeInfo inType = inputTypeOf(producers);
        @SuppressWarnings("unchecked")
        OutputTag<Change>[] tags = new OutputTag[exits.size() - 1];
        for (int e = 1; e < exits.size(); e++) {
            Node exit = members.get(exits.get(e));
            tags[e - 1] = new OutputTag<>("output of " + exit, typeOf(exit));
        }
        NodeOperator operator = new NodeOperator(hosted, true, producers.size(), producers.stream().mapToInt(p -> streams.get(p).parallelism())
                .sum() == 1, true, true, inType.createSerializer(env.getConfig().getSerializerConfig()), tags);
        SingleOutputStreamOperator<Change> stream = united(producers, inType, uid)
                .keyBy(PartitionKeys.constant(), Types.LONG)
                .transform(members.toString(), typeOf(members.get(exits.get(0))), operator)
                .setParallelism(1)
                .uid(uid);
        streams.put(members.get(exits.get(0)), new Translated(stream, 1, true));
        for (int e = 1; e < exits.size(); e++) {
            streams.put(members.get(exits.get(e)), new Translated(stream.getSideOutput(tags[e - 1]), 1, true));
        }
    }

    /** The outputs of {@code producers} as one stream, each change marked with the port (the producer's position) it is for. */
    private DataStream<Change> united(List<Node> producers, ChangeTypeInfo inType, String uid) {
        if (producers.size() == 1) {
            return streams.get(producers.get(0)).stream();
        }
        List<DataStream<Change>> ports = new ArrayList<>();
        for (int port = 0; port < producers.size(); port++) {
            Translated input = streams.get(producers.get(port));
            int to = port;
            ports.add(input.stream().map(change -> change.toPort(to)).returns(inType).setParallelism(input.parallelism())
                    .name("port " + port + " of " + uid).uid(uid + "-port-" + port));
        }
        DataStream<Change> first = ports.get(0);
        @SuppressWarnings("unchecked")
        DataStream<Change>[] rest = ports.subList(1, ports.size()).toArray(new DataStream[0]);
        return first.union(rest);
    }

    private void sink(SinkNode<?> sink) {
        OutputConnector<?> connector = sink.connector();
        boolean json;
        Path file;
        FileWriteOptions options;
        if (connector instanceof JsonLinesSink<?> lines) {
            json = true;
            file = lines.file();
            options = lines.options();
        } else if (connector instanceof CsvSink<?> csv) {
            json = false;
            file = csv.file();
            options = csv.options();
        } else if (connector.name().startsWith("kafka:")) {
            throw new UnsupportedPipelineException("sink " + connector.name() + ": Kafka topics do not run on Flink yet (Flink's Kafka"
                    + " connector has no release for Flink 2.3, and Tideway's Kafka transactions are committed in Tideway's own commit);"
                    + " run the pipeline on the embedded engine, or write the table with JsonLines.write or Csv.write");
        } else {
            throw new UnsupportedPipelineException("sink " + connector.name() + ": on Flink a sink runs in the TaskManagers, and Tideway"
                    + " writes files there exactly once through Flink's FileSink; write the table with JsonLines.write or Csv.write");
        }
        Node producer = sink.inputs().get(0);
        Translated input = streams.get(producer);
        HostedNode hosted = HostedNode.consolidationOf(definition, producer, identity.version(sink));
        ChangeTypeInfo type = typeOf(producer);
        String uid = identity.uid(sink);
        DataStream<Change> consolidated;
        int parallelism;
        if (input.byRowKey()) {
            parallelism = input.parallelism();
            consolidated = input.stream().transform("consolidate for " + connector.name(), type,
                    new NodeOperator(hosted, false, 1, true, false, false, null)).setParallelism(parallelism).uid(uid + "-consolidate");
        } else {
            parallelism = env.getParallelism();
            consolidated = input.stream().keyBy(PartitionKeys.rowKey(), Types.LONG)
                    .transform("consolidate for " + connector.name(), type, new NodeOperator(hosted, true, 1, input.parallelism() == 1,
                            false, false, type.createSerializer(env.getConfig().getSerializerConfig())))
                    .setParallelism(parallelism).uid(uid + "-consolidate");
        }
        RowSchema<?> rows = graph.outputRowsOf(producer).get(0);
        FileSink<Change> files = FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(file.toUri()),
                        new ChangeLinesFormat(json, rows.type(), options.timeColumn(), options.diffColumn()))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(json ? ".jsonl" : ".csv").build())
                .build();
        consolidated.sinkTo(files).name("write " + connector.name()).setParallelism(parallelism).uid(uid);
    }

    private ChangeTypeInfo typeOf(Node node) {
        return ChangeTypeInfo.of(List.of(rowsOf(node)));
    }

    private ChangeTypeInfo inputTypeOf(List<Node> producers) {
        List<List<RowSchema<?>>> ports = new ArrayList<>();
        for (Node input : producers) {
            ports.add(rowsOf(input));
        }
        return ChangeTypeInfo.of(ports);
    }

    private List<RowSchema<?>> rowsOf(Node node) {
        List<RowSchema<?>> rows = graph.outputRowsOf(node);
        if (rows.isEmpty()) {
            throw new UnsupportedPipelineException(node + ": the rows it emits are not known to the engine, so they cannot be sent"
                    + " between Flink tasks; please report this (a table or join result that does not record its rows)");
        }
        return rows;
    }
}
