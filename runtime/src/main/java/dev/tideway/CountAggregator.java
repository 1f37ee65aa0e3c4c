package dev.tideway;

/** The number of rows of a group. State: the count, in a one-element array changed in place. */
final class CountAggregator implements MergeableAggregator<Object, long[], Long> {
    static final CountAggregator INSTANCE = new CountAggregator();

    private static final StateCodec<long[]> CODEC = StateCodec.of((out, s) -> out.writeLong(s[0]), in -> new long[] {in.readLong()});

    @Override public long[] create() { return new long[1]; }
    @Override public long[] add(long[] state, Object value) { state[0]++; return state; }
    @Override public long[] retract(long[] state, Object value) { state[0]--; return state; }
    @Override public long[] merge(long[] state, long[] other) { state[0] += other[0]; return state; }
    @Override public long[] retractAll(long[] state, long[] other) { state[0] -= other[0]; return state; }
    @Override public Long result(long[] state) { return state[0]; }
    @Override public StateCodec<long[]> stateCodec() { return CODEC; }
}
