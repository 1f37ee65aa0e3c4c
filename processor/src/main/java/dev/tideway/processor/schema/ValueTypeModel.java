package dev.tideway.processor.schema;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;

/**
 * How a component's type maps onto the runtime's value types, or why it does not.
 *
 * @param problem why the type cannot be stored, or {@code null} when it can
 * @param expression the {@code ValueType} expression, such as {@code ValueTypes.LONG} or
 *     {@code ValueTypes.optional(ValueTypes.STRING)}
 * @param composed whether the expression builds a new value type (kept in a constant of the
 *     companion) rather than naming a {@code ValueTypes} constant
 * @param nullable whether the type admits an absent value (boxed types and {@code Optional})
 * @param optional whether the type is an {@code Optional}, whose absent value is empty, not null
 * @param javaType the component's Java type, boxed
 * @param primitive the primitive kind, or {@code null}
 * @param offender the part of the type that cannot be stored or was not found, for messages
 */
record ValueTypeModel(
        Problem problem,
        CodeBlock expression,
        boolean composed,
        boolean nullable,
        boolean optional,
        TypeName javaType,
        Primitive primitive,
        String offender) {

    enum Problem { UNSUPPORTED, NOT_A_SCHEMA, MISSING }

    static ValueTypeModel problem(Problem problem, String offender) {
        return new ValueTypeModel(problem, null, false, false, false, null, null, offender);
    }

    static ValueTypeModel constant(String name, TypeName javaType) {
        return new ValueTypeModel(null, CodeBlock.of("$T.$N", dev.tideway.processor.RuntimeNames.VALUE_TYPES, name),
                false, false, false, javaType, null, null);
    }

    static ValueTypeModel composed(CodeBlock expression, boolean nullable, boolean optional, TypeName javaType) {
        return new ValueTypeModel(null, expression, true, nullable, optional, javaType, null, null);
    }

    boolean ok() {
        return problem == null;
    }
}
