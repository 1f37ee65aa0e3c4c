package dev.tideway.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tideway.processor.Compilers.source;
import static dev.tideway.processor.Compilers.tideway;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated companions checked whole, so that a change to their text is reviewed like code. Run with
 * {@code -Dgolden.update=true} to rewrite the files after an intended change, then read the diff.
 */
class CompanionGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void wordCount() {
        JavaFileObject src = source("demo.WordCount", """
                package demo;
                import dev.tideway.annotations.Schema;
                @Schema
                public record WordCount(String word, long count) {}
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation).succeededWithoutWarnings();
        assertMatchesGolden(compilation, "demo.WordCount_", "WordCount_.java");
    }

    @Test
    void orderWithEveryKindOfComponent() {
        JavaFileObject src = source("demo.Order", """
                package demo;

                import dev.tideway.annotations.Column;
                import dev.tideway.annotations.PrimaryKey;
                import dev.tideway.annotations.Schema;
                import java.math.BigDecimal;
                import java.time.Instant;
                import java.util.List;
                import java.util.Optional;

                @Schema
                public record Order(
                        @PrimaryKey @Column(name = "order_id") long id,
                        @PrimaryKey String shop,
                        Status status,
                        Optional<String> note,
                        List<Line> lines,
                        Integer priority,
                        BigDecimal total,
                        Instant placedAt) {

                    public enum Status { OPEN, SHIPPED }

                    @Schema
                    public record Line(String sku, int quantity) {}
                }
                """);
        Compilation compilation = tideway().compile(src);
        assertThat(compilation).succeededWithoutWarnings();
        assertMatchesGolden(compilation, "demo.Order_", "Order_.java");
        assertMatchesGolden(compilation, "demo.Order_Line_", "Order_Line_.java");
    }

    private static void assertMatchesGolden(Compilation compilation, String generatedClass, String goldenFile) {
        String actual;
        try {
            actual = compilation.generatedSourceFile(generatedClass).orElseThrow().getCharContent(false).toString();
            Path golden = GOLDEN.resolve(goldenFile);
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertThat(actual).as("%s, compared with %s", generatedClass, golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
