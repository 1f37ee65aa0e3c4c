package dev.tideway.samples.identity;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's reproduction: a select's expression changed from {@code upper(word)} to
 * {@code lower(word)} with the same output schema rewrites the output with the new expression's
 * result; it used to keep the old output and continue it, mixing {@code KIWI} and {@code kiwi}.
 */
class SelectChangeTest {
    @TempDir
    Path work;

    private void run(UnaryOperator<Expr<String>> expression) throws Exception {
        Table<Word> words = Csv.read(work.resolve("in"), IdentityRows_Word_.SCHEMA,
                CsvReadOptions.defaults().withStreaming(false).withPersistentId("words"));
        Csv.write(words.select(IdentityRows_Word_.of(expression.apply(IdentityRows_Word_.word))), work.resolve("out.csv"));
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
    }

    @Test
    void aSelectWhoseExpressionChangedRewritesItsOutput() throws Exception {
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/1.csv"), "word\nApple\nkiwi\n");
        run(Exprs::upper);
        assertThat(CsvOutput.rows(work.resolve("out.csv"))).containsExactly("APPLE", "KIWI");

        run(Exprs::lower);
        assertThat(CsvOutput.changes(work.resolve("out.csv"))).as("rewritten from the start")
                .containsExactlyInAnyOrder("apple,1", "kiwi,1");

        Files.writeString(work.resolve("in/2.csv"), "word\nKiwi\n");
        run(Exprs::lower);
        assertThat(CsvOutput.rows(work.resolve("out.csv"))).as("continued: no upper-case row beside the new ones")
                .containsExactly("apple", "kiwi", "kiwi");
    }
}
