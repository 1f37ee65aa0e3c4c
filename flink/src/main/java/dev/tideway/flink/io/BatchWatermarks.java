package dev.tideway.flink.io;

import dev.tideway.flink.runtime.Change;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermarks of a Tideway source: only those its reader emits after each batch (the batch's
 * logical time), none generated from the records. Flink's {@code noWatermarks()} would drop the
 * reader's watermarks too.
 */
public final class BatchWatermarks implements WatermarkStrategy<Change> {
    private static final long serialVersionUID = 1L;

    @Override
    public WatermarkGenerator<Change> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(Change event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {}
        };
    }

    /** The reader emits {@link Watermark}s itself. */
    @Override
    public String toString() {
        return "BatchWatermarks";
    }
}
