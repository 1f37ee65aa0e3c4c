package dev.tideway.flink.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands a Tideway source's one split to reader 0 (the source runs with parallelism 1), and takes it
 * back when that reader fails, so that the restarted reader gets it with the state of the last
 * checkpoint. Its own checkpoint is the splits not handed out.
 */
final class SingleSplitEnumerator implements SplitEnumerator<ConnectorSplit, List<ConnectorSplit>> {
    private final SplitEnumeratorContext<ConnectorSplit> context;
    private final List<ConnectorSplit> unassigned;

    SingleSplitEnumerator(SplitEnumeratorContext<ConnectorSplit> context, List<ConnectorSplit> unassigned) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<ConnectorSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        if (context.registeredReaders().containsKey(0)) {
            assign();
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (subtaskId == 0) {
            assign();
        }
    }

    private void assign() {
        for (ConnectorSplit split : unassigned) {
            context.assignSplit(split, 0);
        }
        unassigned.clear();
    }

    @Override
    public List<ConnectorSplit> snapshotState(long checkpointId) {
        return List.copyOf(unassigned);
    }

    @Override
    public void close() {}
}
