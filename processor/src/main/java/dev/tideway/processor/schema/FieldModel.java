package dev.tideway.processor.schema;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.RecordComponentElement;

/**
 * One component of a {@code @Schema} record, as the companion writes it.
 *
 * @param site where diagnostics about the component go: its field, because javac 17 shows no
 *     position for a diagnostic on a record component element or its implicit accessor
 * @param externalName the {@code @Column} name, or the component's name
 * @param column the {@code @Column} annotation and its value, for messages; null without one
 * @param typeConstant the companion's constant holding a composed value type, or null
 * @param local the name of the component's local variable in generated methods
 * @param seenFlag for a primitive, the local that records whether its JSON field was read
 */
record FieldModel(
        RecordComponentElement element,
        Element site,
        int index,
        String name,
        String externalName,
        AnnotationMirror column,
        AnnotationValue columnValue,
        boolean primaryKey,
        ValueTypeModel type,
        String typeConstant,
        String local,
        String seenFlag) {

    /** The expression of the field's value type: a {@code ValueTypes} constant or the companion's own. */
    Object valueTypeReference() {
        return type.composed() ? typeConstant : type.expression();
    }

    boolean isPrimitive() {
        return type.primitive() != null;
    }
}
