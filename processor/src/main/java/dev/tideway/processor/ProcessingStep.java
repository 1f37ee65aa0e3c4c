package dev.tideway.processor;

import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The work for one annotation, as auto-common's {@code BasicAnnotationProcessor.Step}: the
 * processor hands each step its annotated elements and retries, in the next round, the types a step
 * defers because something they refer to is not generated yet.
 */
public interface ProcessingStep {
    /** The qualified name of the annotation this step handles. */
    String annotation();

    /**
     * Processes elements annotated in this round plus the types deferred by the previous one.
     *
     * @return the types to retry next round, because a type they need does not exist yet
     */
    Set<TypeElement> process(Set<? extends Element> elements);

    /** Called in the last round for a type still deferred: report what is missing. */
    void reportUnresolved(TypeElement type);
}
