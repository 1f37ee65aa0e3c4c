package dev.tideway.processor;

import com.google.auto.service.AutoService;
import dev.tideway.processor.persistent.PersistentSourceStep;
import dev.tideway.processor.schema.SchemaStep;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Generates the companion of every {@code @Schema} record and the binding subclass of every class
 * with {@code @PersistentSource} methods. The work is in the steps; this class only routes elements
 * to them and keeps the types they defer, by name, for the next round. A type still deferred in the
 * last round is reported then, unless an error was raised already (by any processor, or an
 * unrecoverable compile error): the missing type is then most likely its effect.
 *
 * <p>Both steps are isolating in Gradle's sense: each generated file derives from one type (the
 * record, or the class that declares the sources) and from types it refers to.
 */
@AutoService(Processor.class)
public final class TidewayProcessor extends AbstractProcessor {
    private List<ProcessingStep> steps;
    /** Per step, the qualified names of types to retry next round. */
    private final Map<ProcessingStep, Set<String>> deferred = new LinkedHashMap<>();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        Diagnostics diagnostics = new Diagnostics(env.getMessager());
        GeneratedSourceWriter writer = new GeneratedSourceWriter(env.getFiler(), env.getElementUtils());
        GeneratedNames names = new GeneratedNames(env.getElementUtils());
        steps = List.of(new SchemaStep(env, diagnostics, writer, names), new PersistentSourceStep(env, diagnostics, writer, names));
        steps.forEach(step -> deferred.put(step, new LinkedHashSet<>()));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(RuntimeNames.SCHEMA_ANNOTATION, RuntimeNames.PERSISTENT_SOURCE_ANNOTATION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (ProcessingStep step : steps) {
            Set<String> retry = deferred.get(step);
            if (round.processingOver()) {
                // A type still missing is most often the effect of another error (a processor that failed
                // before generating it, a source that does not parse): reported only when it is the only one,
                // as Dagger and AutoValue do; javac names the missing symbol either way.
                if (!round.errorRaised()) {
                    retry.stream().map(this::typeNamed).filter(t -> t != null).forEach(step::reportUnresolved);
                }
                retry.clear();
                continue;
            }
            Set<Element> elements = new LinkedHashSet<>();
            retry.stream().map(this::typeNamed).filter(t -> t != null).forEach(elements::add);
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(step.annotation());
            if (annotation != null) {
                elements.addAll(round.getElementsAnnotatedWith(annotation));
            }
            Set<TypeElement> stillMissing = step.process(elements);
            retry.clear();
            retry.addAll(stillMissing.stream().map(t -> t.getQualifiedName().toString()).collect(Collectors.toList()));
        }
        // Other processors may handle the same annotations.
        return false;
    }

    private TypeElement typeNamed(String qualifiedName) {
        return processingEnv.getElementUtils().getTypeElement(qualifiedName);
    }
}
