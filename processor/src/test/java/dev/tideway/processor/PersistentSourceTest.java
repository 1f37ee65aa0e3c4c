package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.source;
import static dev.tideway.processor.Compilers.tideway;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @PersistentSource}: the generated binding subclass, and each diagnostic. */
class PersistentSourceTest {
    private static final JavaFileObject WORD = source("demo.Word", """
            package demo;
            import dev.tideway.annotations.Schema;
            @Schema
            public record Word(String word) {}
            """);

    private static JavaFileObject pipeline(String members) {
        return source("demo.Pipeline", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                import java.nio.file.Path;
                public class Pipeline {
                %s
                }
                """.formatted(members.indent(4)));
    }

    @Test
    void generatesASubclassThatBindsEachSourceToItsId() {
        JavaFileObject src = pipeline("""
                private final String name;
                public Pipeline(String name) { this.name = name; }
                protected Pipeline(String name, int copies) throws java.io.IOException { this.name = name + copies; }
                private Pipeline() { this.name = ""; }
                @PersistentSource(id = "words_source")
                public Table<Word> words(Path inputs) { return null; }
                @PersistentSource(id = "more.words-2")
                Table<Word> moreWords(Path inputs, String... extensions) { return null; }
                """);
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Pipeline_Persistent").contentsAsUtf8String()
                .contains("""
                        public class Pipeline_Persistent extends Pipeline {
                            /**
                             * The persistent ids of {@link Pipeline}'s sources, in declaration order.
                             */
                            public static final List<String> PERSISTENT_IDS = List.of("words_source", "more.words-2");

                            public Pipeline_Persistent(String name) {
                                super(name);
                            }

                            protected Pipeline_Persistent(String name, int copies) throws IOException {
                                super(name, copies);
                            }

                            @Override
                            public Table<Word> words(Path inputs) {
                                return PersistentIds.bind("words_source", () -> super.words(inputs));
                            }

                            @Override
                            Table<Word> moreWords(Path inputs, String... extensions) {
                                return PersistentIds.bind("more.words-2", () -> super.moreWords(inputs, extensions));
                            }
                        }
                        """);
        assertThat(compilation).generatedSourceFile("demo.Pipeline_Persistent").contentsAsUtf8String()
                .contains("Instantiate this subclass instead of");
    }

    @Test
    void invalidIdsAreRefusedOnTheAnnotation() {
        JavaFileObject src = pipeline("""
                @PersistentSource(id = "")
                Table<Word> empty() { return null; }
                @PersistentSource(id = "../escape")
                Table<Word> slash() { return null; }
                @PersistentSource(id = "..")
                Table<Word> parent() { return null; }
                @PersistentSource(id = "%s")
                Table<Word> tooLong() { return null; }
                """.formatted("x".repeat(129)));
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_INVALID_ID.format("", "Pipeline.empty()", "is empty"))
                .inFile(src).onLineContaining("@PersistentSource(id = \"\")");
        assertThat(compilation)
                .hadErrorContaining(Message.PERSISTENT_INVALID_ID.format("../escape", "Pipeline.slash()",
                        "contains '/', which is not in [A-Za-z0-9._-]"))
                .inFile(src).onLineContaining("../escape");
        assertThat(compilation)
                .hadErrorContaining(Message.PERSISTENT_INVALID_ID.format("..", "Pipeline.parent()", "would name a folder above the state"))
                .inFile(src).onLineContaining("id = \"..\"");
        assertThat(compilation).hadErrorContaining("is 129 characters long, more than 128")
                .inFile(src).onLineContaining("xxxxxxxx");
        assertThat(compilation).hadErrorContaining("use 1 to 128 characters from [A-Za-z0-9._-]");
        assertThat(compilation).hadErrorCount(4);
    }

    @Test
    void duplicateIdIsReportedOnTheSecondMethod() {
        JavaFileObject src = pipeline("""
                @PersistentSource(id = "words")
                Table<Word> first() { return null; }
                @PersistentSource(id = "words") Table<Word> second() { return null; }
                """);
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation)
                .hadErrorContaining(Message.PERSISTENT_DUPLICATE_ID.format("words", "Pipeline.second()", "Pipeline.first()", "Pipeline"))
                .inFile(src).onLineContaining("Table<Word> second()");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void privateStaticAndFinalMethodsAreRefused() {
        JavaFileObject src = pipeline("""
                @PersistentSource(id = "a")
                private Table<Word> hidden() { return null; }
                @PersistentSource(id = "b")
                static Table<Word> shared() { return null; }
                @PersistentSource(id = "c")
                final Table<Word> fixed() { return null; }
                """);
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_PRIVATE.format("Pipeline.hidden()", "Pipeline_Persistent"))
                .inFile(src).onLineContaining("hidden()");
        assertThat(compilation).hadErrorContaining("make it package-private, protected or public");
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_STATIC.format("Pipeline.shared()", "Pipeline_Persistent"))
                .inFile(src).onLineContaining("shared()");
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_FINAL.format("Pipeline.fixed()", "Pipeline_Persistent"))
                .inFile(src).onLineContaining("fixed()");
    }

    @Test
    void aMethodMustReturnATableOfASchemaRecord() {
        JavaFileObject src = pipeline("""
                @PersistentSource(id = "a")
                String notATable() { return null; }
                @PersistentSource(id = "b")
                Table<String> notASchema() { return null; }
                """);
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_NOT_A_TABLE.format("Pipeline.notATable()", "java.lang.String"))
                .inFile(src).onLineContaining("String notATable()");
        assertThat(compilation)
                .hadErrorContaining(Message.PERSISTENT_NOT_A_TABLE.format("Pipeline.notASchema()", "dev.tideway.Table<java.lang.String>"))
                .inFile(src).onLineContaining("notASchema()");
        assertThat(compilation).hadErrorContaining("return dev.tideway.Table<T> of a @Schema record T");
    }

    @Test
    void checkedExceptionsAreRefused() {
        JavaFileObject src = pipeline("""
                @PersistentSource(id = "a")
                Table<Word> reads(Path p) throws java.io.IOException { return null; }
                """);
        assertThat(tideway().compile(WORD, src))
                .hadErrorContaining(Message.PERSISTENT_THROWS_CHECKED.format("Pipeline.reads()", "java.io.IOException"))
                .inFile(src).onLineContaining("throws java.io.IOException");
    }

    @Test
    void aFinalClassOrOneWithOnlyPrivateConstructorsCannotBeBound() {
        JavaFileObject finalClass = source("demo.Sealed", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public final class Sealed {
                    @PersistentSource(id = "a")
                    Table<Word> words() { return null; }
                }
                """);
        JavaFileObject privateConstructor = source("demo.Single", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public class Single {
                    private Single() {}
                    @PersistentSource(id = "a")
                    Table<Word> words() { return null; }
                }
                """);
        Compilation compilation = tideway().compile(WORD, finalClass, privateConstructor);
        assertThat(compilation)
                .hadErrorContaining(Message.PERSISTENT_NOT_SUBCLASSABLE.format("Sealed", "is final", "Sealed_Persistent", "remove final"))
                .inFile(finalClass).onLineContaining("public final class Sealed");
        assertThat(compilation)
                .hadErrorContaining(Message.PERSISTENT_NOT_SUBCLASSABLE.format("Single", "has only private constructors",
                        "Single_Persistent", "add a package-private, protected or public constructor"))
                .inFile(privateConstructor).onLineContaining("public class Single");
    }

    @Test
    void nestedClassesGetAFlatName() {
        JavaFileObject src = source("demo.Jobs", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public class Jobs {
                    public static class Daily {
                        @PersistentSource(id = "daily")
                        Table<Word> words() { return null; }
                    }
                }
                """);
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Jobs_Daily_Persistent").contentsAsUtf8String()
                .contains("public class Jobs_Daily_Persistent extends Jobs.Daily {");
    }

    @Test
    void aReturnTypeThatNeverAppearsIsReportedInTheLastRound() {
        JavaFileObject src = pipeline("""
                @PersistentSource(id = "a")
                Table<Missing> missing() { return null; }
                """);
        assertThat(tideway().compile(WORD, src))
                .hadErrorContaining(Message.PERSISTENT_MISSING_TYPE.format("Pipeline.missing()", "dev.tideway.Table<Missing>"))
                .inFile(src).onLineContaining("Table<Missing> missing()");
    }

    @Test
    void aGenericAbstractPipelineKeepsItsTypeParametersAndStaysAbstract() {
        JavaFileObject src = source("demo.Generic", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public abstract class Generic<C extends CharSequence> {
                    protected Generic(C config) {}
                    @PersistentSource(id = "generic")
                    public Table<Word> words(C config) { return null; }
                }
                """);
        Compilation compilation = tideway().compile(WORD, src);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("demo.Generic_Persistent").contentsAsUtf8String()
                .contains("public abstract class Generic_Persistent<C extends CharSequence> extends Generic<C> {");
    }
}
