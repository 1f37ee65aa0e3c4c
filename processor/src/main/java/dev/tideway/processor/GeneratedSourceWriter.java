package dev.tideway.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The one place generated files are written. Every class gets {@code @Generated} naming the
 * processor (no date, so builds are reproducible) and the {@code @TidewayGenerated} marker that keeps
 * it out of coverage reports; the originating element makes the output isolating for incremental
 * builds. {@code javax.annotation.processing.Generated} lives in the module java.compiler: in a user's
 * named module that does not read it, it is left out (as Dagger and AutoValue do), so that
 * {@code requires dev.tideway} is all a module needs.
 */
public final class GeneratedSourceWriter {
    private static final AnnotationSpec GENERATED = AnnotationSpec.builder(RuntimeNames.JAVAX_GENERATED)
            .addMember("value", "$S", TidewayProcessor.class.getName())
            .build();
    private static final AnnotationSpec MARKER = AnnotationSpec.builder(RuntimeNames.TIDEWAY_GENERATED).build();

    private final Filer filer;
    private final Elements elements;

    public GeneratedSourceWriter(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /** Writes {@code type} into {@code packageName}; {@code origin} is the one element it derives from. */
    public void write(String packageName, TypeSpec.Builder type, Element origin) throws IOException {
        if (generatedVisibleFrom(origin)) {
            type.addAnnotation(GENERATED);
        }
        TypeSpec spec = type.addAnnotation(MARKER)
                .addOriginatingElement(origin)
                .build();
        JavaFile.builder(packageName, spec)
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .writeTo(filer);
    }

    /** Whether the code of {@code origin}'s module can use {@code @javax.annotation.processing.Generated}. */
    private boolean generatedVisibleFrom(Element origin) {
        String name = RuntimeNames.JAVAX_GENERATED.canonicalName();
        ModuleElement module = elements.getModuleOf(origin);
        TypeElement generated = module == null || module.isUnnamed() ? elements.getTypeElement(name) : elements.getTypeElement(module, name);
        return generated != null;
    }
}
