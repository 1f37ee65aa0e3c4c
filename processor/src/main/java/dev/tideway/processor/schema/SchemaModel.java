package dev.tideway.processor.schema;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Schema} record as read from the source, before validation.
 *
 * @param displayName {@code Outer.Inner} for nested records
 * @param publicCompanion whether the record can be seen outside its package, and so its companion
 */
record SchemaModel(
        TypeElement element,
        ClassName recordName,
        ClassName companionName,
        String displayName,
        boolean publicCompanion,
        List<FieldModel> fields) {

    boolean hasPrimaryKey() {
        return fields.stream().anyMatch(FieldModel::primaryKey);
    }

    boolean hasMissingTypes() {
        return fields.stream().anyMatch(f -> f.type().problem() == ValueTypeModel.Problem.MISSING);
    }
}
