package dev.tideway.internal.engine;

import dev.tideway.spi.InputConnector;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rejects, through the connector ({@link InputConnector#rejectRow}, which stops the run or skips the
 * row as configured), a row of a source whose primary key another row holds: a later row of a unit
 * under {@code DuplicateKeyPolicy.REJECT}, a pushed row, or a keyed change whose key is the row of
 * another message key. Each message names the key's fields and values, where the earlier row was read
 * (its unit and line), and what to do.
 *
 * <p>Not thread-safe: used on the source's thread.
 *
 * @param <T> the row type
 */
final class KeyConflicts<T> {
    private final InputConnector<T> connector;
    private final RowSchema<T> schema;
    /** The source's persistent id: assigned when the run starts, after the source was made. */
    private final Supplier<String> persistentId;

    KeyConflicts(InputConnector<T> connector, RowSchema<T> schema, Supplier<String> persistentId) {
        this.connector = connector;
        this.schema = schema;
        this.persistentId = persistentId;
    }

    /** Row {@code laterIndex} of unit {@code later} holds the key of row {@code earlierIndex} of {@code earlier}. */
    void rejectUnitRow(HeldUnit later, int laterIndex, T row, HeldUnit earlier, int earlierIndex) {
        rejectRowOfUnit(later.name, laterIndex, later.line(laterIndex), row, connector.origin(earlier.name), earlierIndex,
                earlier.line(earlierIndex));
    }

    void rejectRowOfUnit(String laterUnit, int laterIndex, long laterLine, T row, String earlierOrigin,
                         int earlierIndex, long earlierLine) {
        String place = earlierOrigin + (earlierLine > 0 ? ", line " + earlierLine : ", row " + (earlierIndex + 1));
        connector.rejectRow(laterUnit, laterLine, keyFields(), keyValues(row), "duplicate primary key: " + place
                + " holds a row with this key already. Remove one of the two rows, or read with DuplicateKeyPolicy.UPSERT"
                + " to let the later row replace the earlier");
    }

    /** A keyed change to {@code row}, whose primary key {@code holder}, the row of another message key, holds. */
    void rejectUpsert(T row, T holder) {
        connector.rejectRow(null, 0, keyFields(), keyValues(row), "source \"" + persistentId.get() + "\": cannot take the keyed"
                + " change to " + row + ": its primary key is held by " + holder + ", the row of another message key. Give"
                + " each row the message key of its primary key, or create the source with DuplicateKeyPolicy.UPSERT to let"
                + " the later row replace the earlier");
    }

    /** A pushed row whose primary key {@code holder} holds. */
    void rejectEvent(T row, Object holder) {
        connector.rejectRow(null, 0, keyFields(), keyValues(row), "source \"" + persistentId.get() + "\": cannot insert " + row
                + ": its primary key is held by " + holder + ". Delete that row first, or create the source with"
                + " DuplicateKeyPolicy.UPSERT to let the later row replace the earlier");
    }

    private String keyFields() {
        List<String> names = new ArrayList<>();
        for (FieldDescriptor field : schema.fields()) {
            if (field.primaryKey()) {
                names.add(field.externalName());
            }
        }
        return String.join(", ", names);
    }

    private String keyValues(T row) {
        List<String> values = new ArrayList<>();
        for (FieldDescriptor field : schema.fields()) {
            if (field.primaryKey()) {
                values.add(schema.formatText(row, field.index()));
            }
        }
        return String.join(", ", values);
    }
}
