package dev.tideway.processor.persistent;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/** One {@code @PersistentSource} method, with its annotation and id value for messages. */
record SourceMethod(ExecutableElement method, String id, AnnotationMirror annotation, AnnotationValue idValue) {
    String name() {
        return method.getSimpleName().toString();
    }
}
