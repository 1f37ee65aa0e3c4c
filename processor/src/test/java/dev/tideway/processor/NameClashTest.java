package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.source;
import static dev.tideway.processor.Compilers.tideway;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated names are flattened, so two elements can aim at one: {@code Order.Line} and
 * {@code Order_Line} both at {@code Order_Line_}. The second is refused with a message naming both,
 * in one compilation and across compilations (a clash with a class on the class path), and never
 * for an incremental build's own previous output.
 */
class NameClashTest {
    private static final JavaFileObject ORDER = source("demo.Order", """
            package demo;
            import dev.tideway.annotations.Schema;
            public class Order {
                @Schema
                public record Line(String sku, long quantity) {}
            }
            """);
    private static final JavaFileObject ORDER_LINE = source("demo.Order_Line", """
            package demo;
            import dev.tideway.annotations.Schema;
            @Schema
            public record Order_Line(String sku) {}
            """);

    @TempDir
    Path dir;

    @Test
    void twoRecordsWithOneCompanionNameInOneCompilationGiveAnErrorOnTheSecondNamingBoth() {
        Compilation compilation = tideway().compile(ORDER, ORDER_LINE);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_COMPANION_CLASH.format("Order_Line", "demo.Order_Line_",
                        "the companion of Order.Line", "Order_Line"))
                .inFile(ORDER_LINE).onLineContaining("public record Order_Line");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void theClashIsFoundWhicheverRecordComesFirst() {
        Compilation compilation = tideway().compile(ORDER_LINE, ORDER);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_COMPANION_CLASH.format("Order.Line", "demo.Order_Line_",
                        "the companion of Order_Line", "Order.Line"))
                .inFile(ORDER).onLineContaining("public record Line");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aCompanionCompiledEarlierForAnotherRecordIsAClashOnTheClassPath() throws IOException {
        Path earlier = compileToFolder(tideway().compile(ORDER), "earlier");
        Compilation compilation = tideway().withClasspath(classPathWith(earlier)).compile(ORDER_LINE);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_COMPANION_CLASH.format("Order_Line", "demo.Order_Line_",
                        "the companion of Order.Line, compiled earlier and found on the class path (if Order.Line is gone, that"
                                + " class is a leftover: clean the build)", "Order_Line"))
                .inFile(ORDER_LINE).onLineContaining("public record Order_Line");
    }

    @Test
    void recompilingARecordWithItsOwnEarlierCompanionOnTheClassPathIsNoClash() throws IOException {
        Path earlier = compileToFolder(tideway().compile(ORDER), "earlier");
        Compilation again = tideway().withClasspath(classPathWith(earlier)).compile(ORDER);
        assertThat(again).succeededWithoutWarnings();
        assertThat(again).generatedSourceFile("demo.Order_Line_").isNotNull();
    }

    @Test
    void aHandWrittenClassWithTheCompanionsNameIsAClash() {
        JavaFileObject handWritten = source("demo.Word_", """
                package demo;
                public class Word_ {}
                """);
        JavaFileObject word = source("demo.Word", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Word(String word) {}
                """);
        Compilation compilation = tideway().compile(handWritten, word);
        assertThat(compilation).hadErrorContaining(Message.SCHEMA_COMPANION_CLASH.format("Word", "demo.Word_",
                        "the class demo.Word_, which Tideway did not generate", "Word"))
                .inFile(word).onLineContaining("public record Word");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void twoPipelineClassesWithOneBindingSubclassNameGiveAnErrorOnTheSecond() {
        JavaFileObject word = source("demo.Word", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Word(String word) {}
                """);
        JavaFileObject shop = source("demo.Shop", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public class Shop {
                    public static class Pipeline {
                        @PersistentSource(id = "words")
                        protected Table<Word> words() { return null; }
                    }
                }
                """);
        JavaFileObject shopPipeline = source("demo.Shop_Pipeline", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public class Shop_Pipeline {
                    @PersistentSource(id = "words")
                    protected Table<Word> words() { return null; }
                }
                """);
        Compilation compilation = tideway().compile(word, shop, shopPipeline);
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_SUBCLASS_CLASH.format("Shop_Pipeline",
                        "demo.Shop_Pipeline_Persistent", "the binding subclass of Shop.Pipeline", "Shop_Pipeline"))
                .inFile(shopPipeline).onLineContaining("public class Shop_Pipeline");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aBindingSubclassCompiledEarlierForAnotherClassIsAClashOnTheClassPath() throws IOException {
        JavaFileObject word = source("demo.Word", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Word(String word) {}
                """);
        JavaFileObject shop = source("demo.Shop", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public class Shop {
                    public static class Pipeline {
                        @PersistentSource(id = "words")
                        protected Table<Word> words() { return null; }
                    }
                }
                """);
        JavaFileObject shopPipeline = source("demo.Shop_Pipeline", """
                package demo;
                import dev.tideway.Table;
                import dev.tideway.annotations.PersistentSource;
                public class Shop_Pipeline {
                    @PersistentSource(id = "words")
                    protected Table<Word> words() { return null; }
                }
                """);
        Path earlier = compileToFolder(tideway().compile(word, shop), "earlier");
        Compilation compilation = tideway().withClasspath(classPathWith(earlier)).compile(shopPipeline);
        assertThat(compilation).hadErrorContaining(Message.PERSISTENT_SUBCLASS_CLASH.format("Shop_Pipeline",
                        "demo.Shop_Pipeline_Persistent", "the binding subclass of Shop.Pipeline, compiled earlier and found on the"
                                + " class path (if Shop.Pipeline is gone, that class is a leftover: clean the build)", "Shop_Pipeline"))
                .inFile(shopPipeline).onLineContaining("public class Shop_Pipeline");
    }

    /** Writes a successful compilation's class files under {@code dir/name}, as a build's output folder. */
    private Path compileToFolder(Compilation compilation, String name) throws IOException {
        assertThat(compilation).succeeded();
        Path root = dir.resolve(name);
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            // the URI ends with the class's path under the output location, such as /CLASS_OUTPUT/demo/Order.class
            String path = file.toUri().getPath();
            Path target = root.resolve(path.substring(path.indexOf("/demo/") + 1));
            Files.createDirectories(target.getParent());
            try (InputStream in = file.openInputStream()) {
                Files.copy(in, target);
            }
        }
        return root;
    }

    /** This JVM's class path (the runtime and the annotations) and {@code extra}. */
    private static List<File> classPathWith(Path extra) {
        List<File> entries = new ArrayList<>();
        entries.add(extra.toFile());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(new File(entry));
        }
        return entries;
    }
}
