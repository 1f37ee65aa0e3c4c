package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.tideway;
import static dev.tideway.processor.Compilers.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each {@code @Schema} diagnostic: on the right line, with its tag and its fix. */
class SchemaDiagnosticsTest {
    @Test
    void schemaOnAClassIsRefused() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public class Foo {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_NOT_RECORD.format("Foo"))
                .inFile(src).onLineContaining("public class Foo");
        assertThat(compilation).hadErrorContaining("make Foo a record");
    }

    @Test
    void genericRecordIsRefused() {
        JavaFileObject src = source("demo.Box", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Box<T>(String name) {}
                """);
        assertThat(tideway().compile(src)).hadErrorContaining(Message.SCHEMA_GENERIC.format("Box"))
                .inFile(src).onLineContaining("record Box<T>");
    }

    @Test
    void privateRecordIsRefused() {
        JavaFileObject src = source("demo.Outer", """
                package demo;
                import dev.tideway.annotations.Schema;
                public class Outer {
                    @Schema
                    private record Hidden(String name) {}
                }
                """);
        assertThat(tideway().compile(src))
                .hadErrorContaining(Message.SCHEMA_NOT_ACCESSIBLE.format("Outer.Hidden", "private", "Outer_Hidden_"))
                .inFile(src).onLineContaining("private record Hidden");
    }

    @Test
    void recordInsideAnInnerClassIsRefused() {
        JavaFileObject src = source("demo.Outer", """
                package demo;
                import dev.tideway.annotations.Schema;
                public class Outer {
                    public class Inner {
                        @Schema
                        public record Row(String name) {}
                    }
                }
                """);
        assertThat(tideway().compile(src))
                .hadErrorContaining(Message.SCHEMA_NOT_ACCESSIBLE.format("Outer.Inner.Row",
                        "inside the inner (non-static) class Inner", "Outer_Inner_Row_"))
                .inFile(src).onLineContaining("public record Row");
    }

    @Test
    void unsupportedTypeNamesTheComponentAndListsTheSupportedTypes() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Schema;
                import java.util.Map;
                @Schema
                public record Foo(String name,
                        Map<String, Long> counts) {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation)
                .hadErrorContaining(Message.SCHEMA_UNSUPPORTED_TYPE.format("counts", "Foo", "java.util.Map<java.lang.String,java.lang.Long>"))
                .inFile(src).onLineContaining("Map<String, Long> counts");
        assertThat(compilation).hadErrorContaining("use one of: String, boolean, int");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void optionalOfOptionalAndShortAreUnsupported() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Schema;
                import java.util.Optional;
                @Schema
                public record Foo(
                        Optional<Optional<String>> twice,
                        short small) {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation).hadErrorContaining("[Schema:UnsupportedType] component 'twice'")
                .inFile(src).onLineContaining("twice");
        assertThat(compilation).hadErrorContaining("[Schema:UnsupportedType] component 'small'")
                .inFile(src).onLineContaining("short small");
    }

    @Test
    void recordWithoutSchemaAsAComponentAsksForTheAnnotation() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Foo(
                        Plain plain) {
                    public record Plain(int x) {}
                }
                """);
        assertThat(tideway().compile(src))
                .hadErrorContaining(Message.SCHEMA_NOT_A_SCHEMA.format("plain", "Foo", "demo.Foo.Plain", "demo.Foo.Plain"))
                .inFile(src).onLineContaining("Plain plain");
    }

    @Test
    void duplicateExternalNameIsReportedOnTheSecondColumn() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Column;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Foo(String name,
                        @Column(name = "name") String label) {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation)
                .hadErrorContaining(Message.SCHEMA_DUPLICATE_EXTERNAL_NAME.format("name", "label", "Foo", "name"))
                .inFile(src).onLineContaining("String label");
        assertThat(compilation).hadErrorContaining("with @Column(name = \"...\")");
    }

    @Test
    void emptyColumnNameIsRefused() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Column;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Foo(
                        @Column(name = "") String label) {}
                """);
        assertThat(tideway().compile(src))
                .hadErrorContaining(Message.SCHEMA_INVALID_EXTERNAL_NAME.format("label", "Foo", "label"))
                .inFile(src).onLineContaining("String label");
    }

    @Test
    void componentsNamedLikeGeneratedMembersAreRefused() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Foo(
                        String SCHEMA,
                        long of) {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation)
                .hadErrorContaining(Message.SCHEMA_RESERVED_NAME.format("SCHEMA", "Foo", "Foo_", "SCHEMA", "SCHEMA"))
                .inFile(src).onLineContaining("String SCHEMA");
        assertThat(compilation)
                .hadErrorContaining(Message.SCHEMA_RESERVED_NAME.format("of", "Foo", "Foo_", "of", "of"))
                .inFile(src).onLineContaining("long of");
    }

    @Test
    void recursiveRecordsAreRefused() {
        JavaFileObject src = source("demo.Tree", """
                package demo;
                import dev.tideway.annotations.Schema;
                import java.util.List;
                @Schema
                public record Tree(String label,
                        List<Tree> children) {}
                """);
        assertThat(tideway().compile(src))
                .hadErrorContaining(Message.SCHEMA_RECURSIVE.format("children", "Tree", "Tree", "Tree"))
                .inFile(src).onLineContaining("List<Tree> children");
    }

    @Test
    void aTypeThatNeverAppearsIsReportedInTheLastRound() {
        JavaFileObject src = source("demo.Foo", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Foo(
                        Missing missing) {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_MISSING_TYPE.format("missing", "Foo", "Missing"))
                .inFile(src).onLineContaining("Missing missing");
    }

    @Test
    void schemaOnAnEnumOrAnInterfaceIsRefused() {
        JavaFileObject src = source("demo.Kinds", """
                package demo;
                import dev.tideway.annotations.Schema;
                public class Kinds {
                    @Schema enum Color { RED }
                    @Schema interface Shape {}
                }
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_NOT_RECORD.format("Color"))
                .inFile(src).onLineContaining("enum Color");
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_NOT_RECORD.format("Shape"))
                .inFile(src).onLineContaining("interface Shape");
    }
}
