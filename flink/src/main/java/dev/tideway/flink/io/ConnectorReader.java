package dev.tideway.flink.io;

import dev.tideway.internal.engine.Graph;
import dev.tideway.internal.engine.NodeDriver;
import dev.tideway.internal.engine.SourceNode;
import dev.tideway.flink.PipelineDefinition;
import dev.tideway.flink.plan.PipelineGraphs;
import dev.tideway.flink.runtime.Change;
import dev.tideway.flink.runtime.ChangeCapture;
import dev.tideway.flink.types.RowSerializer;
import dev.tideway.flink.types.RowSerializerSnapshot;
import dev.tideway.internal.persistence.SchemaMigration;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Tideway source in a Flink task: hosts the engine's {@link SourceNode} of the task's own copy
 * of the pipeline, polls its connector when due, and emits what the source makes of it (inserted
 * rows, retractions of changed and deleted files, with the row keys the embedded engine gives) as
 * {@link Change}s of a new logical time, then a watermark of that time, which tells every operator
 * downstream that the batch is complete. A batch and its watermark are emitted in one call, so a
 * checkpoint never falls inside a batch.
 */
final class ConnectorReader implements SourceReader<Change, ConnectorSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorReader.class);

    private final PipelineDefinition definition;
    private final int nodeIndex;
    private final String nodeDefinition;
    private Graph graph;
    private SourceNode<?> source;
    private ConnectorSplit split;
    private long lastTime = -1;
    private ReaderOutput<Change> output;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    ConnectorReader(PipelineDefinition definition, int nodeIndex, String nodeDefinition) {
        this.definition = definition;
        this.nodeIndex = nodeIndex;
        this.nodeDefinition = nodeDefinition;
    }

    @Override
    public void start() {}

    @Override
    public void addSplits(List<ConnectorSplit> splits) {
        for (ConnectorSplit added : splits) {
            if (source != null) {
                throw new IllegalStateException("source \"" + added.persistentId() + "\" was given a second split");
            }
            open(added);
        }
        available.complete(null);
    }

    private void open(ConnectorSplit added) {
        graph = PipelineGraphs.build(definition);
        source = (SourceNode<?>) PipelineGraphs.node(graph, nodeIndex, nodeDefinition);
        ChangeCapture.muteAllBut(graph, source);
        new ChangeCapture(graph, source, change -> output.collect(change, change.time()));
        split = added;
        lastTime = added.lastTime();
        if (added.state() != null) {
            restore(added);
        }
    }

    private void restore(ConnectorSplit restored) {
        RowSerializerSnapshot<?> written = restored.schema();
        String current = SchemaMigration.persistedDescription(source.schema());
        boolean migrated = !current.equals(written.description());
        if (migrated) {
            // throws, naming the source and the field, for a change Tideway does not migrate
            migrate(source, written.description());
            LOG.info("source \"{}\": its state was written with rows ({}); reading them as ({})", source.persistentId(),
                    written.description(), current);
        }
        try {
            source.restore(new BinaryReader(restored.state()));
        } finally {
            source.migrateFrom(null);
        }
    }

    private static <T> void migrate(SourceNode<T> source, String writtenAs) {
        source.migrateFrom(SchemaMigration.reader(source.persistentId(), writtenAs, source.schema()));
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Change> readerOutput) throws Exception {
        if (source == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (source.finished()) {
            return InputStatus.END_OF_INPUT;
        }
        long now = System.currentTimeMillis();
        if (!source.due(now)) {
            waitUntil(source.nextPollAt());
            return InputStatus.NOTHING_AVAILABLE;
        }
        long time = Math.max(lastTime + 1, now);
        graph.beginTime(time);
        output = readerOutput;
        ChangeCapture capture = capture();
        capture.time(time);
        source.poll(now);
        NodeDriver.flush(source, time);
        readerOutput.emitWatermark(new Watermark(time));
        lastTime = time;
        if (source.finished()) {
            return InputStatus.END_OF_INPUT;
        }
        waitUntil(source.nextPollAt());
        return InputStatus.NOTHING_AVAILABLE;
    }

    private ChangeCapture capture() {
        return (ChangeCapture) graph.nodes().get(graph.nodes().size() - 1);
    }

    private void waitUntil(long at) {
        long delay = Math.max(1, at - System.currentTimeMillis());
        CompletableFuture<Void> next = new CompletableFuture<>();
        available = next;
        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
        later.execute(() -> next.complete(null));
    }

    @Override
    public List<ConnectorSplit> snapshotState(long checkpointId) {
        if (source == null) {
            return List.of();
        }
        BinaryWriter out = new BinaryWriter(1 << 16);
        source.snapshot(out);
        RowSerializerSnapshot<?> schema = (RowSerializerSnapshot<?>) new RowSerializer<>(source.schema()).snapshotConfiguration();
        return List.of(new ConnectorSplit(split.persistentId(), out.toByteArray(), schema, lastTime));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() throws Exception {
        if (source != null) {
            source.connector().close();
        }
    }
}
