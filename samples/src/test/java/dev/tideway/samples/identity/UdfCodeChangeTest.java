package dev.tideway.samples.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tideway.Expr;
import dev.tideway.Exprs;
import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.samples.identity.IdentityRows.Word;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UDF whose code is edited between two builds, as a user edits and rebuilds a project: each
 * version of the class that holds the lambda is compiled here with javac and loaded by a class
 * loader of its own, and the pipeline runs on the same state. A changed body rebuilds what depends
 * on it and rewrites the output; an unrelated edit of the class does not; a version given with
 * {@code .version(...)} replaces the code in the identity.
 */
class UdfCodeChangeTest {
    @TempDir
    Path work;

    /** Compiles {@code udfcode.LongWords} with {@code body} as the lambda and returns its predicate over {@code word}. */
    @SuppressWarnings("unchecked")
    private Expr<Boolean> compile(String name, String source) throws Exception {
        Path dir = work.resolve("classes-" + name);
        Path file = dir.resolve("udfcode/LongWords.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = String.join(File.pathSeparator, location(Exprs.class), location(JsonGenerator.class));
        int status = javac.run(null, null, null, "-proc:none", "-classpath", classpath, "-d", dir.toString(), file.toString());
        assertThat(status).as("javac of " + name).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        return (Expr<Boolean>) loader.loadClass("udfcode.LongWords").getMethod("predicate", Expr.class)
                .invoke(null, IdentityRows_Word_.word);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String source(String lambda, String extra) {
        return "package udfcode;\n\n"
                + "import dev.tideway.Expr;\nimport dev.tideway.Exprs;\nimport dev.tideway.schema.ValueTypes;\n\n"
                + "public final class LongWords {\n"
                + extra
                + "    public static Expr<Boolean> predicate(Expr<String> word) {\n"
                + "        return " + lambda + ";\n"
                + "    }\n"
                + "}\n";
    }

    private byte[] run(Expr<Boolean> predicate) throws Exception {
        Table<Word> words = Csv.read(work.resolve("in"), IdentityRows_Word_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
        Csv.write(words.filter(predicate), work.resolve("out.csv"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
        return Files.readAllBytes(work.resolve("out.csv"));
    }

    private List<String> rows() throws Exception {
        return CsvOutput.rows(work.resolve("out.csv"));
    }

    @Test
    void anEditedLambdaBodyRebuildsAndAnUnrelatedEditDoesNot() throws Exception {
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/1.csv"), "word\na\nbb\nccc\ndddd\n");
        run(compile("v1", source("Exprs.apply(ValueTypes.BOOLEAN, word, s -> s.length() > 2)", "")));
        assertThat(rows()).containsExactly("ccc", "dddd");

        run(compile("v2", source("Exprs.apply(ValueTypes.BOOLEAN, word, s -> s.length() > 3)", "")));
        assertThat(CsvOutput.changes(work.resolve("out.csv"))).as("> 3: rewritten with the new function's rows").containsExactly("dddd,1");

        byte[] before = Files.readAllBytes(work.resolve("out.csv"));
        byte[] after = run(compile("v2-moved", source("Exprs.apply(ValueTypes.BOOLEAN, word, s -> s.length() > 3)",
                "    // an unrelated edit: a comment, lines moved, another method\n\n\n"
                        + "    public static String unrelated() {\n        return \"not part of the UDF\";\n    }\n\n")));
        assertThat(after).as("the same body, moved in its class: the state and the output continue").isEqualTo(before);
    }

    @Test
    void aVersionReplacesTheCodeInTheUdfsIdentity() throws Exception {
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/1.csv"), "word\na\nbb\nccc\ndddd\n");
        run(compile("v1", source("Exprs.apply(ValueTypes.BOOLEAN, word, s -> s.length() > 2).version(\"1\")", "")));
        assertThat(rows()).containsExactly("ccc", "dddd");

        // the code changed under the same version: the user said it is the same function, so the output continues
        byte[] before = Files.readAllBytes(work.resolve("out.csv"));
        assertThat(run(compile("v1-edited", source("Exprs.apply(ValueTypes.BOOLEAN, word, s -> s.length() > 3).version(\"1\")", ""))))
                .isEqualTo(before);

        run(compile("v2", source("Exprs.apply(ValueTypes.BOOLEAN, word, s -> s.length() > 3).version(\"2\")", "")));
        assertThat(CsvOutput.changes(work.resolve("out.csv"))).as("a new version: rewritten").containsExactly("dddd,1");
    }
}
