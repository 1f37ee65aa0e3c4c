package dev.tideway;

import dev.tideway.schema.RowSchema;
import java.util.List;
import java.util.Objects;

/**
 * A row of a result schema, described by one expression per field. Built by the generated
 * {@code Foo_.of(...)}, which javac checks field by field, and consumed by {@code select} and
 * {@code reduce}.
 *
 * @param <R> the result record type
 */
public final class Projection<R> {
    private final RowSchema<R> schema;
    private final List<Expr<?>> fields;

    public Projection(RowSchema<R> schema, List<Expr<?>> fields) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.fields = List.copyOf(fields);
        if (this.fields.size() != schema.fields().size()) {
            throw new IllegalArgumentException(schema.name() + " has " + schema.fields().size()
                    + " fields, but " + this.fields.size() + " expressions were given");
        }
    }

    /** The schema of the rows built. */
    public RowSchema<R> schema() {
        return schema;
    }

    /** One expression per field of the result, in field order. */
    public List<Expr<?>> fields() {
        return fields;
    }
}
