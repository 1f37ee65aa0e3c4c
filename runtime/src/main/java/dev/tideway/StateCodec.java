package dev.tideway;

import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.util.Objects;

/**
 * Writes the state of a {@link RetractingAggregator} into a snapshot and reads it back, with the
 * binary codec that generated code uses ({@link BinaryWriter}, {@link BinaryReader}). No Java
 * serialization: the bytes are the codec's, stable across releases.
 *
 * <pre>{@code
 * StateCodec<long[]> sumAndCount = StateCodec.of(
 *         (out, s) -> { out.writeLong(s[0]); out.writeLong(s[1]); },
 *         in -> new long[] {in.readLong(), in.readLong()});
 * }</pre>
 *
 * @param <S> the type of the state
 */
public interface StateCodec<S> {
    /** Appends the state. */
    void write(BinaryWriter out, S state);

    /**
     * Reads a state written by {@link #write}; throws {@link dev.tideway.schema.CodecException} on
     * bytes it cannot read.
     */
    S read(BinaryReader in);

    /** A codec of two functions. */
    static <S> StateCodec<S> of(java.util.function.BiConsumer<BinaryWriter, S> write,
                                java.util.function.Function<BinaryReader, S> read) {
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
        return new StateCodec<>() {
            @Override
            public void write(BinaryWriter out, S state) {
                write.accept(out, state);
            }

            @Override
            public S read(BinaryReader in) {
                return read.apply(in);
            }
        };
    }

    /** A state that is a value of a type Tideway knows, such as {@code ValueTypes.list(ValueTypes.LONG)}. */
    static <S> StateCodec<S> of(ValueType<S> type) {
        Objects.requireNonNull(type, "type");
        return of(type::write, type::read);
    }
}
