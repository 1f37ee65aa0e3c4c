package dev.tideway.processor.persistent;

import com.palantir.javapoet.ClassName;
import dev.tideway.processor.RuntimeNames;
import dev.tideway.processor.schema.SchemaNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Reads the {@code @PersistentSource} methods of one class into a {@link PersistentSourcesModel}. */
final class PersistentSourcesReader {
    PersistentSourcesModel read(TypeElement owner) {
        List<SourceMethod> methods = new ArrayList<>();
        for (Element member : owner.getEnclosedElements()) {
            if (member.getKind() != ElementKind.METHOD) {
                continue;
            }
            AnnotationMirror annotation = SchemaNames.annotation(member, RuntimeNames.PERSISTENT_SOURCE_ANNOTATION);
            if (annotation == null) {
                continue;
            }
            AnnotationValue idValue = null;
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : annotation.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("id")) {
                    idValue = entry.getValue();
                }
            }
            String id = idValue != null && idValue.getValue() instanceof String text ? text : "";
            methods.add(new SourceMethod((ExecutableElement) member, id, annotation, idValue));
        }
        ClassName name = ClassName.get(owner);
        ClassName subclass = ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "_Persistent");
        return new PersistentSourcesModel(owner, subclass, methods);
    }
}
