package dev.tideway;

import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import org.apache.datasketches.hll.HllSketch;

/**
 * The number of distinct non-null values of a group, estimated by a HyperLogLog sketch of Apache
 * DataSketches ({@code HllSketch}, 4 bits a bucket): the values are hashed by their binary encoding,
 * so equal values count once in every run. With {@code lgK} = 12 (4096 buckets, about 2.5 KiB) the
 * relative standard error is about 1.6%; a group with few values is counted exactly.
 *
 * <p>A sketch cannot delete, so this aggregator adds only: when a row leaves a group, the group's
 * sketch is built again from the values it still holds (Tideway keeps them for that, see
 * {@link Aggregator}). The estimate after any sequence of insertions and retractions is therefore
 * exactly the estimate of the live values, as if computed from scratch.
 *
 * @param <V> the type of the values
 */
final class ApproximateDistinctCount<V> implements Aggregator<V, HllSketch, Long> {
    private final ValueType<V> type;
    private final int lgK;

    ApproximateDistinctCount(ValueType<V> type, int lgK) {
        if (lgK < 4 || lgK > 21) {
            throw new IllegalArgumentException("countDistinctApproximate: lgK " + lgK + " is out of range; give 4 to 21"
                    + " (12, the default, is about 1.6% error in about 2.5 KiB per group)");
        }
        this.type = type;
        this.lgK = lgK;
    }

    @Override public HllSketch create() { return new HllSketch(lgK); }

    @Override public HllSketch add(HllSketch sketch, V value) {
        if (value != null) {
            BinaryWriter out = new BinaryWriter(32);
            type.write(out, value);
            sketch.update(out.toByteArray());
        }
        return sketch;
    }

    @Override public Long result(HllSketch sketch) { return Math.round(sketch.getEstimate()); }
}
