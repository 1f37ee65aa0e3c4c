package dev.tideway.processor.schema;

import dev.tideway.processor.Diagnostics;
import dev.tideway.processor.GeneratedNames;
import dev.tideway.processor.GeneratedSourceWriter;
import dev.tideway.processor.Message;
import dev.tideway.processor.ProcessingStep;
import dev.tideway.processor.RuntimeNames;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/** {@code @Schema}: reads each record, validates it, and writes its companion {@code Foo_}. */
public final class SchemaStep implements ProcessingStep {
    private final Diagnostics diagnostics;
    private final GeneratedSourceWriter writer;
    private final GeneratedNames names;
    private final SchemaReader reader = new SchemaReader();
    private final SchemaValidator validator;
    private final CompanionWriter companionWriter = new CompanionWriter();

    public SchemaStep(ProcessingEnvironment env, Diagnostics diagnostics, GeneratedSourceWriter writer, GeneratedNames names) {
        this.diagnostics = diagnostics;
        this.writer = writer;
        this.names = names;
        this.validator = new SchemaValidator(diagnostics);
    }

    @Override
    public String annotation() {
        return RuntimeNames.SCHEMA_ANNOTATION;
    }

    @Override
    public Set<TypeElement> process(Set<? extends Element> elements) {
        Set<TypeElement> deferred = new LinkedHashSet<>();
        for (Element element : elements) {
            try {
                if (element.getKind() != ElementKind.RECORD) {
                    diagnostics.error(element, Message.SCHEMA_NOT_RECORD, element.getSimpleName());
                    continue;
                }
                TypeElement record = (TypeElement) element;
                SchemaModel model = reader.read(record);
                if (model.hasMissingTypes()) {
                    // Perhaps another processor generates the type in this round: try again in the next.
                    deferred.add(record);
                } else if (validator.validate(model) && claimName(model)) {
                    writer.write(model.companionName().packageName(), companionWriter.write(model), record);
                }
            } catch (Exception | LinkageError e) {
                diagnostics.unexpected(element, e);
            }
        }
        return deferred;
    }

    private boolean claimName(SchemaModel model) {
        String holder = names.claim(model.companionName(), model.element(), "companion", SchemaStep::recordOfCompanion);
        if (holder != null) {
            diagnostics.error(model.element(), Message.SCHEMA_COMPANION_CLASH, model.displayName(),
                    model.companionName().canonicalName(), holder, model.displayName());
        }
        return holder == null;
    }

    /** The record of a companion: the row type of its {@code SCHEMA}; null for a class that is not one. */
    private static TypeElement recordOfCompanion(TypeElement type) {
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getSimpleName().contentEquals("SCHEMA") && field.asType() instanceof DeclaredType declared
                    && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(RuntimeNames.ROW_SCHEMA.canonicalName())
                    && declared.getTypeArguments().size() == 1
                    && declared.getTypeArguments().get(0) instanceof DeclaredType row) {
                return (TypeElement) row.asElement();
            }
        }
        return null;
    }

    @Override
    public void reportUnresolved(TypeElement record) {
        // The validator names each component whose type is still missing.
        validator.validate(reader.read(record));
    }
}
