package dev.tideway.flink.plan;

/**
 * A pipeline, or one operator of it, that Tideway cannot run on Flink with the embedded engine's
 * semantics; thrown when the job is translated, before anything runs. The message names the operator
 * and says why and what to do instead.
 */
public class UnsupportedPipelineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedPipelineException(String message) {
        super(message);
    }
}
