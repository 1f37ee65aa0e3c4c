package dev.tideway;

/**
 * A value reduced together with the key of the row it came from, for aggregators whose result
 * depends on which row holds a value, not only on the values: the earliest arrival, the row of the
 * least value with ties broken by key, the first value of a tuple ordered by row. Given to the
 * aggregators of {@link Reducers#aggregateRows}.
 *
 * @param rowKey the key of the row (see {@link Table}: from a {@code @PrimaryKey}, where the row was
 *               read, or {@code withIdFrom})
 * @param value the value of the reducer's input expression on that row, possibly null
 * @param <V> the type of the value
 */
public record KeyedValue<V>(long rowKey, V value) {}
