package dev.tideway.processor.schema;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.tideway.processor.RuntimeNames;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Maps a component's Java type to the runtime value type that stores it. */
final class TypeMapper {
    /** Required reference types with a {@code ValueTypes} constant. */
    private static final Map<String, String> CONSTANTS = Map.of(
            "java.lang.String", "STRING",
            "java.math.BigDecimal", "BIG_DECIMAL",
            "java.time.Instant", "INSTANT",
            "java.time.LocalDate", "LOCAL_DATE",
            "java.time.LocalDateTime", "LOCAL_DATE_TIME",
            "java.time.Duration", "DURATION",
            "java.util.UUID", "UUID_TYPE");
    /** Boxed types: nullable at the top level, required inside {@code Optional} and {@code List}. */
    private static final Map<String, Primitive> BOXES = Map.of(
            "java.lang.Boolean", Primitive.BOOLEAN,
            "java.lang.Integer", Primitive.INT,
            "java.lang.Long", Primitive.LONG,
            "java.lang.Float", Primitive.FLOAT,
            "java.lang.Double", Primitive.DOUBLE);

    /**
     * The value type of a component.
     *
     * @param inContainer whether the type is the argument of {@code Optional} or {@code List}, whose
     *     items are never null, so boxed types take their required form
     */
    ValueTypeModel map(TypeMirror type, boolean inContainer) {
        TypeName javaType = type.getKind() == TypeKind.ERROR ? null : TypeName.get(type).box();
        switch (type.getKind()) {
            case ERROR:
                return ValueTypeModel.problem(ValueTypeModel.Problem.MISSING, type.toString());
            case BOOLEAN, INT, LONG, FLOAT, DOUBLE: {
                Primitive primitive = Primitive.of(type.getKind());
                return new ValueTypeModel(null, CodeBlock.of("$T.$N", RuntimeNames.VALUE_TYPES, primitive.valueType),
                        false, false, false, javaType, primitive, null);
            }
            case ARRAY:
                if (((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
                    return ValueTypeModel.constant("BYTES", javaType);
                }
                return unsupported(type);
            case DECLARED:
                return mapDeclared((DeclaredType) type, inContainer, javaType);
            default:
                return unsupported(type);
        }
    }

    /**
     * The nullable form of a component's type, for a component annotated {@code @Nullable}: its
     * absent value is null. Types that are nullable already (boxed, {@code Optional}) and primitives,
     * which cannot hold null, are left as they are.
     */
    ValueTypeModel nullable(ValueTypeModel type) {
        if (!type.ok() || type.nullable() || type.primitive() != null) {
            return type;
        }
        return ValueTypeModel.composed(CodeBlock.of("$T.nullable($L)", RuntimeNames.VALUE_TYPES, type.expression()),
                true, false, type.javaType());
    }

    private ValueTypeModel mapDeclared(DeclaredType type, boolean inContainer, TypeName javaType) {
        TypeElement element = (TypeElement) type.asElement();
        String name = element.getQualifiedName().toString();
        List<? extends TypeMirror> arguments = type.getTypeArguments();
        if (CONSTANTS.containsKey(name)) {
            return ValueTypeModel.constant(CONSTANTS.get(name), javaType);
        }
        if (BOXES.containsKey(name)) {
            ValueTypeModel required = ValueTypeModel.constant(BOXES.get(name).valueType, javaType);
            if (inContainer) {
                return required;
            }
            return ValueTypeModel.composed(CodeBlock.of("$T.nullable($L)", RuntimeNames.VALUE_TYPES, required.expression()),
                    true, false, javaType);
        }
        if (name.equals("java.util.Optional") || name.equals("java.util.List")) {
            if (arguments.size() != 1 || arguments.get(0).getKind() == TypeKind.WILDCARD) {
                return unsupported(type);
            }
            ValueTypeModel item = map(arguments.get(0), true);
            if (!item.ok()) {
                return item;
            }
            if (name.equals("java.util.List")) {
                return ValueTypeModel.composed(CodeBlock.of("$T.list($L)", RuntimeNames.VALUE_TYPES, item.expression()),
                        false, false, javaType);
            }
            if (item.nullable()) {
                // Optional<Optional<T>>: two kinds of absent that no CSV cell or JSON value can tell apart.
                return unsupported(type);
            }
            return ValueTypeModel.composed(CodeBlock.of("$T.optional($L)", RuntimeNames.VALUE_TYPES, item.expression()),
                    true, true, javaType);
        }
        if (element.getKind() == ElementKind.ENUM) {
            ClassName enumType = ClassName.get(element);
            return ValueTypeModel.composed(CodeBlock.of("$T.enumOf($T.class, $T.values())", RuntimeNames.VALUE_TYPES, enumType, enumType),
                    false, false, javaType);
        }
        if (element.getKind() == ElementKind.RECORD) {
            if (!SchemaNames.isSchema(element)) {
                return ValueTypeModel.problem(ValueTypeModel.Problem.NOT_A_SCHEMA, element.getQualifiedName().toString());
            }
            if (!arguments.isEmpty()) {
                return unsupported(type);
            }
            return ValueTypeModel.composed(CodeBlock.of("$T.SCHEMA.asValueType()", SchemaNames.companionOf(element)),
                    false, false, javaType);
        }
        return unsupported(type);
    }

    private static ValueTypeModel unsupported(TypeMirror type) {
        return ValueTypeModel.problem(ValueTypeModel.Problem.UNSUPPORTED, type.toString());
    }
}
