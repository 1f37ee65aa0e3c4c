package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.source;
import static dev.tideway.processor.Compilers.tideway;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A component annotated {@code @Nullable}, by any annotation of that simple name, is stored as nullable. */
class NullableComponentTest {
    @Test
    void aDeclarationAnnotationMakesAReferenceTypeNullable() {
        JavaFileObject nullable = source("demo.annotations.Nullable", """
                package demo.annotations;
                public @interface Nullable {}
                """);
        JavaFileObject customer = source("demo.Customer", """
                package demo;
                import dev.tideway.annotations.Schema;
                import demo.annotations.Nullable;
                import java.util.List;
                @Schema
                public record Customer(String id, @Nullable String email, @Nullable List<String> tags, @Nullable Long visits,
                        @Nullable long orders) {}
                """);
        Compilation compilation = tideway().compile(nullable, customer);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Customer_").contentsAsUtf8String()
                .contains("EMAIL_TYPE = ValueTypes.nullable(ValueTypes.STRING)");
        assertThat(compilation).generatedSourceFile("demo.Customer_").contentsAsUtf8String()
                .contains("TAGS_TYPE = ValueTypes.nullable(ValueTypes.list(ValueTypes.STRING))");
        // a boxed type is nullable already, and a primitive cannot hold null: both as without the annotation
        assertThat(compilation).generatedSourceFile("demo.Customer_").contentsAsUtf8String()
                .contains("VISITS_TYPE = ValueTypes.nullable(ValueTypes.LONG)");
        assertThat(compilation).generatedSourceFile("demo.Customer_").contentsAsUtf8String()
                .doesNotContain("ORDERS_TYPE");
        assertThat(compilation).generatedSourceFile("demo.Customer_").contentsAsUtf8String()
                .contains("\"Customer.id is required, but the row has null\"");
    }

    @Test
    void aTypeUseAnnotationDoesToo() {
        JavaFileObject nullable = source("demo.Nullable", """
                package demo;
                import java.lang.annotation.ElementType;
                import java.lang.annotation.Target;
                @Target(ElementType.TYPE_USE)
                public @interface Nullable {}
                """);
        JavaFileObject event = source("demo.Event", """
                package demo;
                import dev.tideway.annotations.Schema;
                import java.time.Instant;
                @Schema
                public record Event(String name, @Nullable Instant at) {}
                """);
        Compilation compilation = tideway().compile(nullable, event);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Event_").contentsAsUtf8String()
                .contains("AT_TYPE = ValueTypes.nullable(ValueTypes.INSTANT)");
    }
}
