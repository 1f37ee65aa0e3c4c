package dev.tideway.io.file;

import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import java.util.Objects;

/**
 * How a file sink writes a table's changes: the names of the two columns it adds to every row, the
 * commit time and the diff. Immutable: each {@code with...} method returns a copy.
 *
 * <p>Every line of a JSON Lines or CSV output is one change: the row's fields, then
 * {@code time}, the wall-clock time of the commit that made the change in epoch milliseconds (as
 * Pathway's {@code time} column; it increases from one commit to the next), then {@code diff},
 * {@code 1} for an insertion and {@code -1} for a retraction. A row whose fields use those names
 * (its Java name, or its {@code @Column(name = ...)}) would give a JSON object two keys of one name,
 * or a CSV header two columns of one name; the sink is then refused when the pipeline is built, and
 * these options give the sink's columns other names.
 *
 * <pre>{@code
 * // @Schema record Reading(String sensor, long time, double diff) {}
 * JsonLines.write(readings, Path.of("out/readings.jsonl"),
 *         FileWriteOptions.defaults().withTimeColumn("commit_time").withDiffColumn("change"));
 * // {"sensor":"s1","time":1700000000,"diff":0.5,"commit_time":1732000000000,"change":1}
 * }</pre>
 */
public final class FileWriteOptions {
    /** The name of the commit-time column unless set. */
    public static final String DEFAULT_TIME_COLUMN = "time";
    /** The name of the diff column unless set. */
    public static final String DEFAULT_DIFF_COLUMN = "diff";

    private final String timeColumn;
    private final String diffColumn;
    private final String persistentId;

    private FileWriteOptions(String timeColumn, String diffColumn, String persistentId) {
        this.timeColumn = timeColumn;
        this.diffColumn = diffColumn;
        this.persistentId = persistentId;
    }

    /** The columns {@code time} and {@code diff}, as Pathway writes them; no persistent id. */
    public static FileWriteOptions defaults() {
        return new FileWriteOptions(DEFAULT_TIME_COLUMN, DEFAULT_DIFF_COLUMN, null);
    }

    /**
     * The id under which persistence records the output's committed length, as a source's
     * persistent id (and Pathway's {@code name} of an output connector). Without one, the output is
     * known by its absolute path: a project moved to another folder (state, inputs and outputs
     * together) finds none of its outputs and rewrites each from the start. With one, it continues the
     * file at the new path, cut back to the committed length. Two sinks of a pipeline cannot share
     * an id.
     *
     * <pre>{@code Csv.write(counts, Path.of("out/counts.csv"), FileWriteOptions.defaults().withPersistentId("counts")) }</pre>
     *
     * @param id 1 to 128 characters of letters, digits, {@code .}, {@code _} and {@code -}
     * @throws IllegalArgumentException if {@code id} is not such a name
     */
    public FileWriteOptions withPersistentId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}") || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("invalid persistent id of an output \"" + id + "\": use 1 to 128 characters of"
                    + " letters, digits, '.', '_' and '-' (not \".\" or \"..\")");
        }
        return new FileWriteOptions(timeColumn, diffColumn, id);
    }

    /** The id given by {@link #withPersistentId}, or null. */
    public String persistentId() {
        return persistentId;
    }

    /**
     * The name of the column holding each change's commit time (epoch milliseconds).
     *
     * @throws IllegalArgumentException if the name is blank or is that of the diff column
     */
    public FileWriteOptions withTimeColumn(String name) {
        return new FileWriteOptions(checked(name, "time", diffColumn), diffColumn, persistentId);
    }

    /**
     * The name of the column holding each change's diff (1 or -1).
     *
     * @throws IllegalArgumentException if the name is blank or is that of the time column
     */
    public FileWriteOptions withDiffColumn(String name) {
        return new FileWriteOptions(timeColumn, checked(name, "diff", timeColumn), persistentId);
    }

    public String timeColumn() {
        return timeColumn;
    }

    public String diffColumn() {
        return diffColumn;
    }

    /** Whether the columns have their default names. */
    public boolean defaultColumns() {
        return timeColumn.equals(DEFAULT_TIME_COLUMN) && diffColumn.equals(DEFAULT_DIFF_COLUMN);
    }

    /**
     * Checks that no field of {@code schema} has the name of a column the sink adds.
     *
     * @param sink the sink, for the message, such as {@code JsonLines.write to /out/readings.jsonl}
     * @throws IllegalArgumentException naming the field, the column and both ways out
     */
    public void checkNoClash(RowSchema<?> schema, String sink) {
        for (FieldDescriptor field : schema.fields()) {
            String column = field.externalName();
            if (column.equals(timeColumn) || column.equals(diffColumn)) {
                boolean time = column.equals(timeColumn);
                String renamed = field.name().equals(column) ? "" : " (@Column(name = \"" + column + "\"))";
                throw new IllegalArgumentException(sink + ": field " + schema.name() + "." + field.name() + renamed
                        + " has the name \"" + column + "\" of the column the sink adds for each change's "
                        + (time ? "commit time" : "diff") + ", so every line would have two \"" + column + "\"; give the sink's column"
                        + " another name with FileWriteOptions.defaults().with" + (time ? "Time" : "Diff") + "Column(\""
                        + (time ? "commit_time" : "change") + "\"), or the field's with @Column(name = \"...\")");
            }
        }
    }

    private static String checked(String name, String what, String other) {
        Objects.requireNonNull(name, what + " column");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " column needs a name, not \"" + name + "\"");
        }
        if (name.equals(other)) {
            throw new IllegalArgumentException("the time and diff columns cannot both be named \"" + name + "\"");
        }
        return name;
    }

    /**
     * The sink's name in persisted state: {@code output:<id>} with an id, else {@code name} (its
     * absolute path).
     */
    public String persistentName(String name) {
        return persistentId == null ? name : "output:" + persistentId;
    }

    /** The sink's canonical definition: its format, its persistent name and its columns. */
    public String definition(String format, String name) {
        return format + "{output=" + dev.tideway.internal.engine.identity.Canonical.quote(persistentName(name))
                + ";time=" + dev.tideway.internal.engine.identity.Canonical.quote(timeColumn)
                + ";diff=" + dev.tideway.internal.engine.identity.Canonical.quote(diffColumn) + "}";
    }

    @Override
    public String toString() {
        return "columns " + timeColumn + ", " + diffColumn + (persistentId == null ? "" : ", persistent id " + persistentId);
    }
}
