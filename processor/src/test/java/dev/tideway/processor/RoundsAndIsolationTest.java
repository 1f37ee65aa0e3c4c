package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.source;
import static dev.tideway.processor.Compilers.tideway;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Records that refer to records generated later, and bad records beside good ones. */
class RoundsAndIsolationTest {
    /** Stands for another processor that writes a {@code @Schema} record in the first round. */
    static final class AddressGenerator extends AnotherProcessor {
        private boolean done;

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer out = processingEnv.getFiler().createSourceFile("demo.Address").openWriter()) {
                    out.write("""
                            package demo;
                            @dev.tideway.annotations.Schema
                            public record Address(String city, java.util.Optional<String> zip) {}
                            """);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    /** Records, in the last round, which of the given classes exist: javac keeps no output after an error. */
    static final class Witness extends AnotherProcessor {
        final Set<String> wanted;
        final Set<String> found = new java.util.TreeSet<>();

        Witness(String... wanted) {
            this.wanted = Set.of(wanted);
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            for (String name : wanted) {
                if (processingEnv.getElementUtils().getTypeElement(name) != null) {
                    found.add(name);
                }
            }
            return false;
        }
    }

    @Test
    void aRecordThatRefersToARecordGeneratedInTheSameRoundIsDeferredThenGenerated() {
        JavaFileObject customer = source("demo.Customer", """
                package demo;
                import dev.tideway.annotations.Schema;
                import java.util.List;
                @Schema
                public record Customer(String name, Address home, List<Address> others) {}
                """);
        Compilation compilation = tideway().withProcessors(new TidewayProcessor(), new AddressGenerator()).compile(customer);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Customer_").contentsAsUtf8String()
                .contains("private static final ValueType<Address> HOME_TYPE = Address_.SCHEMA.asValueType();");
        assertThat(compilation).generatedSourceFile("demo.Address_").isNotNull();
    }

    @Test
    void aBadRecordDoesNotStopAGoodOne() {
        JavaFileObject bad = source("demo.Bad", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Bad(
                        Object anything) {}
                """);
        JavaFileObject good = source("demo.Good", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Good(String name, double score) {}
                """);
        Witness witness = new Witness("demo.Good_", "demo.Bad_");
        Compilation compilation = tideway().withProcessors(new TidewayProcessor(), witness).compile(bad, good);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_UNSUPPORTED_TYPE.format("anything", "Bad", "java.lang.Object"))
                .inFile(bad).onLineContaining("Object anything");
        assertThat(compilation).hadErrorCount(1);
        org.assertj.core.api.Assertions.assertThat(witness.found).containsExactly("demo.Good_");
    }

    @Test
    void nestedRecordsGetAFlatCompanionName() {
        JavaFileObject src = source("demo.Outer", """
                package demo;
                import dev.tideway.annotations.Schema;
                public class Outer {
                    @Schema
                    record Inner(String in, String out, String row, String values, String field) {}
                }
                """);
        Compilation compilation = tideway().compile(src);
        // Components named like the generated methods' parameters get locals of their own.
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Outer_Inner_").contentsAsUtf8String()
                .contains("final class Outer_Inner_ {");
    }
}
