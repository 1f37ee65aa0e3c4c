package dev.tideway;

/**
 * What a source does with a row whose {@code @PrimaryKey} another row of the same source already
 * holds: in the same file, in another file of the source, or in a file read by an earlier run.
 * A table has one row per primary key; two rows with one key would make every join and group count
 * the key twice.
 *
 * <pre>{@code
 * // customers.csv: customer_id,name,country / c1,Ada,GB / c1,Ada Again,FR
 * Csv.read(Path.of("customers"), Customer_.SCHEMA, CsvReadOptions.defaults());
 *     // REJECT and BadRowPolicy.STOP: the run stops, naming c1 and both files and lines
 * Csv.read(Path.of("customers"), Customer_.SCHEMA, CsvReadOptions.defaults()
 *         .withDuplicateKeys(DuplicateKeyPolicy.UPSERT));
 *     // the table holds (c1, Ada Again, FR): the later row replaced the earlier
 * }</pre>
 *
 * <p>"Later" means read later: a file read at a later poll (or by a later run) is later than every
 * file read before; within one poll, files are read in name order, and within a file, rows in line
 * order. A source without a primary key never has duplicates: each row is keyed by its file and line.
 *
 * <p>A source declared append-only ({@link Table#appendOnly()}) keeps no keys, so that its memory
 * does not grow with what it read: the policy applies to the rows of one file only, and a key
 * repeated in another file is not seen.
 */
public enum DuplicateKeyPolicy {
    /**
     * The later row is a bad row: the source's bad-row policy stops the run with an error naming
     * the key and both places (file and line of each), or skips and reports the later row. The
     * earlier row stays in the table; if it goes (its file is changed or deleted), the earliest
     * row still read with that key takes its place.
     */
    REJECT,
    /**
     * The later row replaces the earlier one, which is retracted, as an upsert does. If the row in
     * the table goes (its file is changed or deleted), the latest row still read with that key takes
     * its place.
     */
    UPSERT
}
