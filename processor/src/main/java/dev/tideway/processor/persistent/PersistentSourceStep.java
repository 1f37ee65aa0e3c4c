package dev.tideway.processor.persistent;

import dev.tideway.processor.Diagnostics;
import dev.tideway.processor.GeneratedSourceWriter;
import dev.tideway.processor.ProcessingStep;
import dev.tideway.processor.RuntimeNames;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @PersistentSource}: for each class that declares such methods, checks their ids and writes
 * {@code Foo_Persistent}, the subclass that binds each source to its id. The output of a class
 * depends on that class only, so this step is isolating too.
 */
public final class PersistentSourceStep implements ProcessingStep {
    private final Diagnostics diagnostics;
    private final GeneratedSourceWriter writer;
    private final PersistentSourcesReader reader = new PersistentSourcesReader();
    private final PersistentSourcesValidator validator;
    private final BindingSubclassWriter subclassWriter = new BindingSubclassWriter();

    public PersistentSourceStep(ProcessingEnvironment env, Diagnostics diagnostics, GeneratedSourceWriter writer) {
        this.diagnostics = diagnostics;
        this.writer = writer;
        this.validator = new PersistentSourcesValidator(env, diagnostics);
    }

    @Override
    public String annotation() {
        return RuntimeNames.PERSISTENT_SOURCE_ANNOTATION;
    }

    @Override
    public Set<TypeElement> process(Set<? extends Element> elements) {
        // Annotated methods come in one by one; the unit of work is the class that declares them.
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (Element element : elements) {
            owners.add(element instanceof TypeElement type ? type : (TypeElement) element.getEnclosingElement());
        }
        Set<TypeElement> deferred = new LinkedHashSet<>();
        for (TypeElement owner : owners) {
            try {
                PersistentSourcesModel model = reader.read(owner);
                if (validator.hasMissingTypes(model)) {
                    deferred.add(owner);
                } else if (validator.validate(model)) {
                    writer.write(model.subclassName().packageName(), subclassWriter.write(model), owner);
                }
            } catch (Exception | LinkageError e) {
                diagnostics.unexpected(owner, e);
            }
        }
        return deferred;
    }

    @Override
    public void reportUnresolved(TypeElement owner) {
        validator.validate(reader.read(owner));
    }
}
