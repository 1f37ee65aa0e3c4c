package dev.tideway;

/**
 * A row's place in a sorted table, as {@link Table#sort} gives it: the keys of the row itself and of
 * the rows just before and after it in the order (null at either end), as Pathway's {@code sort},
 * whose {@code prev} and {@code next} are pointers. Look the rows up with {@link Table#ix}.
 *
 * @param key the key of the row (the sort's output has the keys of its input)
 * @param prev the key of the row before, or null for the first
 * @param next the key of the row after, or null for the last
 */
public record Neighbors(long key, Long prev, Long next) {}
