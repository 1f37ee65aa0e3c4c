package dev.tideway.processor.persistent;

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
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * {@code @PersistentSource}: for each class that declares such methods, checks their ids and writes
 * {@code Foo_Persistent}, the subclass that binds each source to its id. The output of a class
 * depends on that class only, so this step is isolating too.
 */
public final class PersistentSourceStep implements ProcessingStep {
    private final Diagnostics diagnostics;
    private final GeneratedSourceWriter writer;
    private final GeneratedNames names;
    private final PersistentSourcesReader reader = new PersistentSourcesReader();
    private final PersistentSourcesValidator validator;
    private final BindingSubclassWriter subclassWriter = new BindingSubclassWriter();

    public PersistentSourceStep(ProcessingEnvironment env, Diagnostics diagnostics, GeneratedSourceWriter writer,
                                GeneratedNames names) {
        this.diagnostics = diagnostics;
        this.writer = writer;
        this.names = names;
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
                } else if (validator.validate(model) && claimName(model)) {
                    writer.write(model.subclassName().packageName(), subclassWriter.write(model), owner);
                }
            } catch (Exception | LinkageError e) {
                diagnostics.unexpected(owner, e);
            }
        }
        return deferred;
    }

    private boolean claimName(PersistentSourcesModel model) {
        String holder = names.claim(model.subclassName(), model.owner(), "binding subclass", PersistentSourceStep::ownerOfBinding);
        if (holder != null) {
            String owner = GeneratedNames.displayName(model.owner());
            diagnostics.error(model.owner(), Message.PERSISTENT_SUBCLASS_CLASH, owner, model.subclassName().canonicalName(), holder, owner);
        }
        return holder == null;
    }

    /** The class a binding subclass binds: its superclass, if it has the generated PERSISTENT_IDS; else null. */
    private static TypeElement ownerOfBinding(TypeElement type) {
        boolean binding = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
                .anyMatch(field -> field.getSimpleName().contentEquals("PERSISTENT_IDS"));
        return binding && type.getSuperclass() instanceof DeclaredType parent ? (TypeElement) parent.asElement() : null;
    }

    @Override
    public void reportUnresolved(TypeElement owner) {
        validator.validate(reader.read(owner));
    }
}
