package dev.tideway.processor.schema;

import javax.lang.model.type.TypeKind;

/** The primitive component types, which generated codecs read and write without boxing. */
enum Primitive {
    BOOLEAN(TypeKind.BOOLEAN, "BOOLEAN", "Boolean", "false"),
    INT(TypeKind.INT, "INT", "Int", "0"),
    LONG(TypeKind.LONG, "LONG", "Long", "0L"),
    FLOAT(TypeKind.FLOAT, "FLOAT", "Float", "0F"),
    DOUBLE(TypeKind.DOUBLE, "DOUBLE", "Double", "0D");

    final TypeKind kind;
    /** The {@code ValueTypes} constant of the boxed type. */
    final String valueType;
    /** The suffix of {@code BinaryWriter.write*}, {@code BinaryReader.read*} and {@code ValueTypes.parse*}. */
    final String suffix;
    /** The literal a local starts with before the JSON field is read. */
    final String zero;

    Primitive(TypeKind kind, String valueType, String suffix, String zero) {
        this.kind = kind;
        this.valueType = valueType;
        this.suffix = suffix;
        this.zero = zero;
    }

    static Primitive of(TypeKind kind) {
        for (Primitive primitive : values()) {
            if (primitive.kind == kind) {
                return primitive;
            }
        }
        return null;
    }

    boolean isBoolean() {
        return this == BOOLEAN;
    }
}
