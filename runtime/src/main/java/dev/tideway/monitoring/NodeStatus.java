package dev.tideway.monitoring;

import java.util.List;

/**
 * One node of a running pipeline's dataflow, as the status page draws it.
 *
 * @param id the node's position in the pipeline (its inputs have smaller ones)
 * @param role {@code source}, {@code operator}, {@code sink} or {@code error-log}
 * @param kind what it does, such as {@code group-by} or {@code source:csv}
 * @param label how it is named: {@code group-by#2}, with the name given by {@code named(...)}, the
 *     source's persistent id, or the sink's output
 * @param inputs the ids of the nodes it reads
 * @param rowsIn the changes it received
 * @param rowsOut the changes it emitted (a sink: wrote)
 * @param stateRows the rows its state holds (groups, joined rows, windows), or -1 when it keeps no
 *     state or does not count it
 * @param stateBytes the size of its state in the last snapshot, in bytes, or -1 when not persisted
 * @param errors the rows it withheld because user code failed on them
 */
public record NodeStatus(int id, String role, String kind, String label, List<Integer> inputs, long rowsIn, long rowsOut,
                         long stateRows, long stateBytes, long errors) {
    public NodeStatus {
        inputs = List.copyOf(inputs);
    }
}
