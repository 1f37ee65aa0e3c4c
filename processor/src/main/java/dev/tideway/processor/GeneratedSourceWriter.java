package dev.tideway.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;

/**
 * The one place generated files are written. Every class gets {@code @Generated} naming the
 * processor (no date, so builds are reproducible) and the {@code @TidewayGenerated} marker that keeps
 * it out of coverage reports; the originating element makes the output isolating for incremental
 * builds.
 */
public final class GeneratedSourceWriter {
    private static final AnnotationSpec GENERATED = AnnotationSpec.builder(RuntimeNames.JAVAX_GENERATED)
            .addMember("value", "$S", TidewayProcessor.class.getName())
            .build();
    private static final AnnotationSpec MARKER = AnnotationSpec.builder(RuntimeNames.TIDEWAY_GENERATED).build();

    private final Filer filer;

    public GeneratedSourceWriter(Filer filer) {
        this.filer = filer;
    }

    /** Writes {@code type} into {@code packageName}; {@code origin} is the one element it derives from. */
    public void write(String packageName, TypeSpec.Builder type, Element origin) throws IOException {
        TypeSpec spec = type.addAnnotation(GENERATED)
                .addAnnotation(MARKER)
                .addOriginatingElement(origin)
                .build();
        JavaFile.builder(packageName, spec)
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .writeTo(filer);
    }
}
