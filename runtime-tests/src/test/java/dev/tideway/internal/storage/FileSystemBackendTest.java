package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tideway.contract.BackendContractTest;

class FileSystemBackendTest extends BackendContractTest {
    @TempDir
    Path temp;

    private int count;

    @Override
    protected Backend backend() {
        return Backend.filesystem(temp.resolve("state-" + count++));
    }

    @Override
    protected Backend sameLocation(Backend backend) {
        return Backend.filesystem(((FileSystemBackend) backend).root());
    }

    @Test
    void aMissingRootIsCreated() {
        Path root = temp.resolve("deep/new/state");
        Backend backend = Backend.filesystem(root);
        assertThat(root).isDirectory();
        assertThat(backend.describe()).isEqualTo(root.toAbsolutePath().normalize().toString());
    }

    @Test
    void aRootThatIsAFileIsRefusedWithItsPath() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> Backend.filesystem(file))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a folder");
    }

    @Test
    void objectsAreFilesUnderTheRootAndNoTemporaryFilesRemain() throws IOException {
        Path root = temp.resolve("layout");
        Backend backend = Backend.filesystem(root);
        backend.put("log/words/1", new byte[] {1, 2});
        backend.putIfAbsent("metadata/1", new byte[] {3});
        backend.putIfAbsent("metadata/1", new byte[] {4});
        assertThat(root.resolve("log/words/1")).hasBinaryContent(new byte[] {1, 2});
        try (Stream<Path> files = Files.walk(root)) {
            List<String> all = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
            assertThat(all).containsExactly("log/words/1", "metadata/1");
        }
    }

    @Test
    void strayFilesThatAreNotObjectNamesAreNotListed() throws IOException {
        Path root = temp.resolve("stray");
        Backend backend = Backend.filesystem(root);
        backend.put("log/a", new byte[] {1});
        Files.writeString(root.resolve("log/a~123.tmp"), "left by a crash");
        assertThat(backend.list("")).containsExactly("log/a");
    }

    @Test
    void deletingTheLastObjectOfAFolderRemovesTheFolder() {
        Path root = temp.resolve("prune");
        Backend backend = Backend.filesystem(root);
        backend.put("snapshots/1/a", new byte[] {1});
        backend.delete("snapshots/1/a");
        assertThat(root.resolve("snapshots")).doesNotExist();
        assertThat(root).isDirectory();
    }

    @Test
    void aSecondProcessIsRefusedTheLockWithAMessageNamingTheLocation() throws Exception {
        Path root = temp.resolve("shared");
        Backend backend = Backend.filesystem(root);
        try (StateLock lock = backend.lock()) {
            Process child = javaProcess(LockProbe.class, root.toString(), "try").start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(output).isEqualTo(LockProbe.REFUSED);
            assertThat(output).contains(backend.describe()).contains("another process")
                    .contains("process " + ProcessHandle.current().pid());
        }
        Process child = javaProcess(LockProbe.class, root.toString(), "try").start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(LockProbe.LOCKED);
    }

    @Test
    void aLockHeldByAnotherProcessRefusesThisOneAndIsFreedWhenItEnds() throws Exception {
        Path root = temp.resolve("held");
        Backend backend = Backend.filesystem(root);
        Process child = javaProcess(LockProbe.class, root.toString(), "hold").start();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("locked");
            assertThatThrownBy(backend::lock)
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining(root.toString())
                    .hasMessageContaining("process " + child.pid());
        } finally {
            child.getOutputStream().close(); // the probe exits when its stdin ends
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (StateLock lock = backend.lock()) {
            assertThat(lock).isNotNull();
        }
    }

    private static ProcessBuilder javaProcess(Class<?> main, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
