package dev.tideway.processor.schema;

import dev.tideway.processor.Diagnostics;
import dev.tideway.processor.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Checks a {@link SchemaModel} and reports every problem; the companion is written only if none. */
final class SchemaValidator {
    /** Members of the companion that a component's column constant would clash with. */
    private static final Set<String> RESERVED = Set.of("SCHEMA", "of");

    private final Diagnostics diagnostics;

    SchemaValidator(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Whether the model is valid; reports each problem on the element at fault. */
    boolean validate(SchemaModel model) {
        TypeElement record = model.element();
        String name = model.displayName();
        boolean valid = true;
        if (!record.getTypeParameters().isEmpty()) {
            diagnostics.error(record, Message.SCHEMA_GENERIC, name);
            valid = false;
        }
        String inaccessible = inaccessibility(record);
        if (inaccessible != null) {
            diagnostics.error(record, Message.SCHEMA_NOT_ACCESSIBLE, name, inaccessible, model.companionName().simpleName());
            valid = false;
        }
        Map<String, FieldModel> byExternalName = new HashMap<>();
        for (FieldModel field : model.fields()) {
            valid &= validateField(model, field);
            FieldModel previous = byExternalName.putIfAbsent(field.externalName(), field);
            if (previous != null) {
                diagnostics.error(field.site(), field.column(), field.columnValue(), Message.SCHEMA_DUPLICATE_EXTERNAL_NAME,
                        previous.name(), field.name(), name, field.externalName());
                valid = false;
            }
        }
        if (valid) {
            valid = checkCycles(model);
        }
        return valid;
    }

    private boolean validateField(SchemaModel model, FieldModel field) {
        String record = model.displayName();
        boolean valid = true;
        if (RESERVED.contains(field.name())) {
            diagnostics.error(field.site(), Message.SCHEMA_RESERVED_NAME,
                    field.name(), record, model.companionName().simpleName(), field.name(), field.externalName());
            valid = false;
        }
        if (field.externalName().isEmpty()) {
            diagnostics.error(field.site(), field.column(), field.columnValue(), Message.SCHEMA_INVALID_EXTERNAL_NAME,
                    field.name(), record, field.name());
            valid = false;
        }
        ValueTypeModel type = field.type();
        if (type.problem() == ValueTypeModel.Problem.UNSUPPORTED) {
            diagnostics.error(field.site(), Message.SCHEMA_UNSUPPORTED_TYPE, field.name(), record, field.element().asType());
            valid = false;
        } else if (type.problem() == ValueTypeModel.Problem.NOT_A_SCHEMA) {
            diagnostics.error(field.site(), Message.SCHEMA_NOT_A_SCHEMA, field.name(), record, field.element().asType(), type.offender());
            valid = false;
        } else if (type.problem() == ValueTypeModel.Problem.MISSING) {
            diagnostics.error(field.site(), Message.SCHEMA_MISSING_TYPE, field.name(), record, field.element().asType());
            valid = false;
        }
        return valid;
    }

    /** Why the companion, in the same package, could not refer to the record; null if it can. */
    private static String inaccessibility(TypeElement record) {
        if (record.getNestingKind() == NestingKind.LOCAL || record.getNestingKind() == NestingKind.ANONYMOUS) {
            return "local to a method";
        }
        for (Element e = record; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                return e == record ? "private" : "inside the private " + e.getSimpleName();
            }
            if (e != record && e.getKind().isClass() && ((TypeElement) e).getNestingKind() == NestingKind.MEMBER
                    && !e.getModifiers().contains(Modifier.STATIC) && e.getKind() == ElementKind.CLASS) {
                return "inside the inner (non-static) class " + e.getSimpleName();
            }
        }
        return null;
    }

    /**
     * A row that contains itself, directly or through other records, cannot be encoded (and its
     * companion could not even be initialised). Reports the component that starts the cycle.
     */
    private boolean checkCycles(SchemaModel model) {
        for (FieldModel field : model.fields()) {
            Deque<String> path = new ArrayDeque<>();
            if (reaches(field.element().asType(), model.element(), new HashSet<>(), path)) {
                diagnostics.error(field.site(), Message.SCHEMA_RECURSIVE, field.name(), model.displayName(),
                        model.displayName(), String.join(" -> ", path));
                return false;
            }
        }
        return true;
    }

    private static boolean reaches(TypeMirror type, TypeElement target, Set<TypeElement> visited, Deque<String> path) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        DeclaredType declared = (DeclaredType) type;
        for (TypeMirror argument : declared.getTypeArguments()) {
            if (reaches(argument, target, visited, path)) {
                return true;
            }
        }
        TypeElement element = (TypeElement) declared.asElement();
        if (element.getKind() != ElementKind.RECORD || !visited.add(element)) {
            return false;
        }
        path.addLast(SchemaNames.displayName(element));
        if (element.equals(target)) {
            return true;
        }
        List<? extends RecordComponentElement> components = element.getRecordComponents();
        for (RecordComponentElement component : components) {
            if (reaches(component.asType(), target, visited, path)) {
                return true;
            }
        }
        path.removeLast();
        return false;
    }
}
