package dev.tideway.flink.io;

import dev.tideway.flink.PipelineDefinition;
import dev.tideway.flink.runtime.Change;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Tideway source (a CSV or JSON Lines directory, S3 objects, text files) as a Flink source
 * (FLIP-27), with Tideway's semantics: new files are inserted, modified files retracted and read
 * again, deleted files retracted, files known by their path under the folder and by their content.
 * One split, the whole source, read by one reader (run it with parallelism 1); its state, checkpointed
 * with the split, is everything the source holds ({@link ConnectorSplit}).
 */
public final class ConnectorSource implements Source<Change, ConnectorSplit, List<ConnectorSplit>> {
    private static final long serialVersionUID = 1L;

    private final PipelineDefinition definition;
    private final int nodeIndex;
    private final String nodeDefinition;
    private final String persistentId;
    private final boolean streaming;

    /**
     * The source node at {@code nodeIndex} of the pipeline {@code definition} builds, whose definition
     * (checked on the task) is {@code nodeDefinition}.
     */
    public ConnectorSource(PipelineDefinition definition, int nodeIndex, String nodeDefinition, String persistentId, boolean streaming) {
        this.definition = definition;
        this.nodeIndex = nodeIndex;
        this.nodeDefinition = nodeDefinition;
        this.persistentId = persistentId;
        this.streaming = streaming;
    }

    @Override
    public Boundedness getBoundedness() {
        return streaming ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<ConnectorSplit, List<ConnectorSplit>> createEnumerator(SplitEnumeratorContext<ConnectorSplit> context) {
        return new SingleSplitEnumerator(context, List.of(ConnectorSplit.fresh(persistentId)));
    }

    @Override
    public SplitEnumerator<ConnectorSplit, List<ConnectorSplit>> restoreEnumerator(SplitEnumeratorContext<ConnectorSplit> context,
                                                                                   List<ConnectorSplit> checkpoint) {
        return new SingleSplitEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<ConnectorSplit> getSplitSerializer() {
        return new ConnectorSplitSerializer(Thread.currentThread().getContextClassLoader());
    }

    @Override
    public SimpleVersionedSerializer<List<ConnectorSplit>> getEnumeratorCheckpointSerializer() {
        return new EnumeratorStateSerializer(new ConnectorSplitSerializer(Thread.currentThread().getContextClassLoader()));
    }

    @Override
    public SourceReader<Change, ConnectorSplit> createReader(SourceReaderContext context) {
        return new ConnectorReader(definition, nodeIndex, nodeDefinition);
    }
}
