package dev.tideway.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The samples are written as a user's code: their sources name nothing of Tideway's internal
 * packages ({@code dev.tideway.internal.*}, not exported by the module dev.tideway), neither in an
 * import nor as a qualified name.
 */
class ApiOnlyTest {
    private static final Pattern INTERNAL = Pattern.compile("\\bdev\\.tideway\\.internal\\.[\\w.]+");

    @Test
    void theSamplesUseOnlyExportedPackages() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher internal = INTERNAL.matcher(lines.get(i));
                    if (internal.find()) {
                        uses.add(sources.relativize(file) + ":" + (i + 1) + ": " + internal.group());
                    }
                }
            }
        }
        assertThat(uses).as("internal packages named by the samples").isEmpty();
    }
}
