package dev.tideway.processor.schema;

import com.palantir.javapoet.ClassName;
import dev.tideway.processor.RuntimeNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/** Reads a record into a {@link SchemaModel}; reports nothing (that is {@link SchemaValidator}'s job). */
final class SchemaReader {
    /** Names the generated methods use for their parameters and locals. */
    private static final Set<String> METHOD_NAMES = Set.of("row", "out", "in", "values", "field", "name", "e");

    private final TypeMapper mapper = new TypeMapper();

    SchemaModel read(TypeElement record) {
        List<? extends RecordComponentElement> components = record.getRecordComponents();
        Set<String> taken = new HashSet<>(METHOD_NAMES);
        taken.add("SCHEMA");
        components.forEach(c -> taken.add(c.getSimpleName().toString()));

        List<FieldModel> fields = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            RecordComponentElement component = components.get(i);
            String name = component.getSimpleName().toString();
            Element site = fieldOf(record, name);
            AnnotationMirror column = site == null ? null : SchemaNames.annotation(site, RuntimeNames.COLUMN_ANNOTATION);
            if (site == null) {
                site = component;
                column = SchemaNames.annotation(component, RuntimeNames.COLUMN_ANNOTATION);
            }
            AnnotationValue columnValue = column == null ? null : value(column, "name");
            String externalName = columnValue == null ? name : (String) columnValue.getValue();
            boolean primaryKey = SchemaNames.annotation(component, RuntimeNames.PRIMARY_KEY_ANNOTATION) != null;
            ValueTypeModel type = mapper.map(component.asType(), false);
            if (SchemaNames.declaredNullable(component) || SchemaNames.declaredNullable(site)) {
                type = mapper.nullable(type);
            }
            String constant = type.ok() && type.composed() ? unique(constantName(name), taken) : null;
            String local = METHOD_NAMES.contains(name) ? unique(name + "Value", taken) : name;
            String seenFlag = type.primitive() != null ? unique(local + "Seen", taken) : null;
            fields.add(new FieldModel(component, site, i, name, externalName, column, columnValue, primaryKey, type, constant, local, seenFlag));
        }
        return new SchemaModel(record, ClassName.get(record), SchemaNames.companionOf(record),
                SchemaNames.displayName(record), isPublic(record), fields);
    }

    /** The record's private field for a component, or the component itself if there is none. */
    private static Element fieldOf(TypeElement record, String component) {
        return ElementFilter.fieldsIn(record.getEnclosedElements()).stream()
                .filter(f -> f.getSimpleName().contentEquals(component) && !f.getModifiers().contains(Modifier.STATIC))
                .<Element>map(f -> f)
                .findFirst()
                .orElse(null);
    }

    /** {@code createdAt} becomes {@code CREATED_AT_TYPE}. */
    private static String constantName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_TYPE";
    }

    /** {@code base}, or {@code base} with a number, so that it clashes with no other name. */
    static String unique(String base, Set<String> taken) {
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + n;
        }
        return name;
    }

    private static boolean isPublic(TypeElement record) {
        for (Element e = record; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (!e.getModifiers().contains(Modifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    static AnnotationValue value(AnnotationMirror annotation, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : annotation.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
