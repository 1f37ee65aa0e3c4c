package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.tideway.processor.Compilers.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A type still missing in the last round is reported by the processor only when no other error was
 * raised: otherwise it is most likely the effect of that error (here, another processor that failed
 * before generating it), and a second message about it would only mislead.
 */
class LastRoundReportTest {
    /** Stands for another processor that fails in the first round, before it generates {@code demo.Missing}. */
    static final class FailingGenerator extends AnotherProcessor {
        private boolean done;

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "generator failed: no template for Missing");
            }
            return false;
        }
    }

    private static final JavaFileObject FOO = source("demo.Foo", """
            package demo;
            import dev.tideway.annotations.Schema;
            @Schema
            public record Foo(
                    Missing missing) {}
            """);

    private static final JavaFileObject PIPELINE = source("demo.Pipeline", """
            package demo;
            import dev.tideway.Table;
            import dev.tideway.annotations.PersistentSource;
            public class Pipeline {
                @PersistentSource(id = "a")
                Table<Missing> missing() { return null; }
            }
            """);

    @Test
    void aMissingComponentTypeIsNotReportedAfterAnotherError() {
        Compilation compilation = javac().withProcessors(new FailingGenerator(), new TidewayProcessor())
                .withOptions("-Xlint:all,-processing").compile(FOO);
        assertThat(compilation).hadErrorContaining("generator failed: no template for Missing");
        assertThat(messages(compilation)).noneMatch(message -> message.contains("never found or generated"));
    }

    @Test
    void aMissingReturnTypeIsNotReportedAfterAnotherError() {
        Compilation compilation = javac().withProcessors(new FailingGenerator(), new TidewayProcessor())
                .withOptions("-Xlint:all,-processing").compile(PIPELINE);
        assertThat(compilation).hadErrorContaining("generator failed: no template for Missing");
        assertThat(messages(compilation)).noneMatch(message -> message.contains("never found or generated"));
    }

    @Test
    void aloneItIsReported() {
        Compilation compilation = Compilers.tideway().compile(FOO);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_MISSING_TYPE.format("missing", "Foo", "Missing"))
                .inFile(FOO).onLineContaining("Missing missing");
    }

    private static List<String> messages(Compilation compilation) {
        return compilation.errors().stream().map(error -> error.getMessage(Locale.ROOT)).toList();
    }
}
