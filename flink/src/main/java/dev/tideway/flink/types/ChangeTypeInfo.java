package dev.tideway.flink.types;

import dev.tideway.flink.runtime.Change;
import dev.tideway.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The Flink type of a stream of {@link Change}s: for each input port of the operator that reads it,
 * the rows it carries (one {@code @Schema} record, or a join's pairs of two). Its serializer is a
 * {@link ChangeSerializer} of {@link RowSerializer}s, never Kryo.
 */
public final class ChangeTypeInfo extends TypeInformation<Change> {
    private static final long serialVersionUID = 1L;

    /** Per port: the record classes, one for rows, two (left, right) for pairs. */
    private final List<List<Class<?>>> ports;

    private ChangeTypeInfo(List<List<Class<?>>> ports) {
        this.ports = ports;
    }

    /** The type of changes whose rows at port {@code p} are described by {@code rowsByPort.get(p)} (one schema, or two for pairs). */
    public static ChangeTypeInfo of(List<List<RowSchema<?>>> rowsByPort) {
        List<List<Class<?>>> ports = new ArrayList<>();
        for (List<RowSchema<?>> rows : rowsByPort) {
            if (rows.isEmpty() || rows.size() > 2) {
                throw new IllegalArgumentException("a port carries rows of one schema or pairs of two, not " + rows.size());
            }
            ports.add(rows.stream().<Class<?>>map(RowSchema::type).toList());
        }
        return new ChangeTypeInfo(List.copyOf(ports));
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Change> getTypeClass() {
        return Change.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<Change> createSerializer(SerializerConfig config) {
        TypeSerializer<Object>[] rows = new TypeSerializer[ports.size()];
        for (int p = 0; p < rows.length; p++) {
            List<Class<?>> types = ports.get(p);
            rows[p] = types.size() == 1 ? rowSerializer(types.get(0))
                    : new PairSerializer(rowSerializer(types.get(0)), rowSerializer(types.get(1)));
        }
        return new ChangeSerializer(rows);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeSerializer<Object> rowSerializer(Class<?> type) {
        return new RowSerializer(RowSchemas.of(type));
    }

    @Override
    public String toString() {
        return "Change" + ports.stream().map(p -> p.stream().map(Class::getSimpleName).toList().toString()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeTypeInfo other && other.ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ChangeTypeInfo;
    }
}
