package dev.tideway.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's code compiled as a named module, on the module path, with the processor on the processor
 * path: {@code requires dev.tideway} is all it needs for records, their generated companions and
 * bindings, and a pipeline with persistence; an import of an internal package does not compile.
 */
class UserModuleTest {
    /** The jars (or class folders) of the runtime module and what it requires, from this test's class path. */
    private static final List<String> MODULE_PATH_PARTS = List.of("runtime/target/classes", "tideway-runtime", "annotations/target/classes",
            "tideway-annotations", "jackson-core", "commons-csv", "slf4j-api", "datasketches", "/io/micrometer/", "/org/hdrhistogram/",
            "/org/latencyutils/", "/org/ow2/asm/");

    @TempDir
    Path dir;

    @Test
    void aUserModuleCompilesAgainstTheApiAndTheGeneratedCode() throws IOException {
        write("module-info.java", """
                module org.example.words {
                    requires dev.tideway;
                }
                """);
        write("org/example/Word.java", """
                package org.example;
                import dev.tideway.annotations.Schema;
                @Schema
                public record Word(String word) {}
                """);
        write("org/example/WordCount.java", """
                package org.example;
                import dev.tideway.annotations.Schema;
                @Schema
                public record WordCount(String word, long count) {}
                """);
        write("org/example/WordCountPipeline.java", """
                package org.example;
                import dev.tideway.Reducers;
                import dev.tideway.Table;
                import dev.tideway.Tideway;
                import dev.tideway.annotations.PersistentSource;
                import dev.tideway.io.csv.Csv;
                import dev.tideway.io.jsonlines.JsonLines;
                import dev.tideway.persistence.Backend;
                import dev.tideway.persistence.PersistenceConfig;
                import dev.tideway.persistence.PersistenceException;
                import java.nio.file.Path;
                public class WordCountPipeline {
                    @PersistentSource(id = "words")
                    protected Table<Word> words() {
                        return Csv.read(Path.of("in"), Word_.SCHEMA);
                    }
                    public void run() throws Exception {
                        JsonLines.write(words().groupBy(Word_.word).reduce(WordCount_.of(Word_.word, Reducers.count())), Path.of("out"));
                        try {
                            Tideway.run(PersistenceConfig.of(Backend.at("state")));
                        } catch (PersistenceException e) {
                            System.err.println(e.getMessage());
                        }
                    }
                }
                """);
        List<Diagnostic<? extends JavaFileObject>> errors = compile();
        assertThat(errors).as("errors compiling the user module").isEmpty();
        assertThat(dir.resolve("out/org/example/WordCountPipeline_Persistent.class")).isRegularFile();
        assertThat(dir.resolve("out/org/example/Word_.class")).isRegularFile();
    }

    @Test
    void anInternalPackageIsNotVisibleToAUserModule() throws IOException {
        write("module-info.java", """
                module org.example.sneaky {
                    requires dev.tideway;
                }
                """);
        write("org/example/Sneaky.java", """
                package org.example;
                public class Sneaky {
                    Object graph = dev.tideway.internal.engine.Graph.current();
                }
                """);
        List<String> errors = compile().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
        assertThat(errors).anyMatch(message -> message.contains("package dev.tideway.internal.engine is declared in module dev.tideway,"
                + " which does not export it"));
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve("src").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<Diagnostic<? extends JavaFileObject>> compile() throws IOException {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String modulePath = classPath.stream().filter(entry -> MODULE_PATH_PARTS.stream().anyMatch(entry.replace('\\', '/')::contains))
                .collect(Collectors.joining(File.pathSeparator));
        List<Path> sources;
        try (var files = Files.walk(dir.resolve("src"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // an empty class path: in process, javac would otherwise take this JVM's
            Files.createDirectories(dir.resolve("empty"));
            List<String> options = new ArrayList<>(List.of("--release", "17", "--module-path", modulePath,
                    "--class-path", dir.resolve("empty").toString(),
                    "--processor-path", System.getProperty("java.class.path"), "-d", dir.resolve("out").toString(),
                    "-s", dir.resolve("generated").toString()));
            Files.createDirectories(dir.resolve("generated"));
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }
}
