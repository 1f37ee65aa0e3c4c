package dev.tideway.processor;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and annotation classes generated code refers to. The processor does not depend on the
 * runtime, so these names are the whole contract it relies on; keep them in step with
 * {@code runtime/src/main/java/dev/tideway}.
 */
public final class RuntimeNames {
    public static final String SCHEMA_ANNOTATION = "dev.tideway.annotations.Schema";
    public static final String PERSISTENT_SOURCE_ANNOTATION = "dev.tideway.annotations.PersistentSource";
    public static final String COLUMN_ANNOTATION = "dev.tideway.annotations.Column";
    public static final String PRIMARY_KEY_ANNOTATION = "dev.tideway.annotations.PrimaryKey";

    public static final ClassName TIDEWAY_GENERATED = ClassName.get("dev.tideway.annotations", "TidewayGenerated");
    public static final ClassName JAVAX_GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    public static final ClassName COLUMN = ClassName.get("dev.tideway", "Column");
    public static final ClassName EXPR = ClassName.get("dev.tideway", "Expr");
    public static final ClassName PROJECTION = ClassName.get("dev.tideway", "Projection");
    public static final ClassName TABLE = ClassName.get("dev.tideway", "Table");
    public static final ClassName PERSISTENT_IDS = ClassName.get("dev.tideway", "PersistentIds");

    public static final ClassName ROW_SCHEMA = ClassName.get("dev.tideway.schema", "RowSchema");
    public static final ClassName FIELD_DESCRIPTOR = ClassName.get("dev.tideway.schema", "FieldDescriptor");
    public static final ClassName VALUE_TYPE = ClassName.get("dev.tideway.schema", "ValueType");
    public static final ClassName VALUE_TYPES = ClassName.get("dev.tideway.schema", "ValueTypes");
    public static final ClassName BINARY_WRITER = ClassName.get("dev.tideway.schema", "BinaryWriter");
    public static final ClassName BINARY_READER = ClassName.get("dev.tideway.schema", "BinaryReader");
    public static final ClassName TEXT_ROW = ClassName.get("dev.tideway.schema", "TextRow");

    public static final ClassName JSON_GENERATOR = ClassName.get("com.fasterxml.jackson.core", "JsonGenerator");
    public static final ClassName JSON_PARSER = ClassName.get("com.fasterxml.jackson.core", "JsonParser");
    public static final ClassName JSON_TOKEN = ClassName.get("com.fasterxml.jackson.core", "JsonToken");

    private RuntimeNames() {}
}
