package dev.tideway.processor.schema;

import com.palantir.javapoet.ClassName;
import dev.tideway.processor.RuntimeNames;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Names of the generated companions, and how to recognise the annotations that lead to them. */
public final class SchemaNames {
    private SchemaNames() {}

    /** {@code Foo} becomes {@code Foo_}; a nested {@code Outer.Inner} becomes {@code Outer_Inner_}. */
    public static ClassName companionOf(TypeElement record) {
        ClassName name = ClassName.get(record);
        return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "_");
    }

    /** {@code Outer.Inner} for a nested record, as runtime messages show it. */
    public static String displayName(TypeElement record) {
        return String.join(".", ClassName.get(record).simpleNames());
    }

    public static boolean isSchema(Element element) {
        return annotation(element, RuntimeNames.SCHEMA_ANNOTATION) != null;
    }

    /**
     * Whether an annotation named {@code Nullable} (of any package: JSpecify's, Jakarta's, JSR 305's,
     * JetBrains', a project's own) is on the element or on its type, as avaje-jsonb and Kotlin read them.
     */
    public static boolean declaredNullable(Element element) {
        return hasNullable(element.getAnnotationMirrors()) || hasNullable(element.asType().getAnnotationMirrors());
    }

    private static boolean hasNullable(List<? extends AnnotationMirror> annotations) {
        return annotations.stream().anyMatch(mirror -> mirror.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable"));
    }

    /** The annotation of that qualified name on the element, or {@code null}. */
    public static AnnotationMirror annotation(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return mirror;
            }
        }
        return null;
    }
}
