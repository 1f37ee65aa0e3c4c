package dev.tideway.io.file;

import dev.tideway.engine.input.InputException;
import dev.tideway.engine.input.KnownUnits;
import dev.tideway.engine.input.UnitChanges;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds what changed in a file or a directory since the files the engine holds, and reports each
 * new or changed file whole, and each vanished file as removed.
 *
 * <p>A directory is listed recursively. Hidden files and directories (names starting with a dot) and
 * files being written by editors or tools (names ending with {@code ~} or {@code .tmp}) are ignored,
 * so a writer can create {@code data.csv.tmp} and rename it to {@code data.csv}: the renamed file is
 * read as a new file. Units are named by their path relative to the directory, with {@code /}
 * separators; a single file is named by its file name.
 */
public final class FileDirectoryScanner {
    private final Path root;

    /** @param fileOrDirectory a file, or a directory to list; made absolute and normalized */
    public FileDirectoryScanner(Path fileOrDirectory) {
        this.root = fileOrDirectory.toAbsolutePath().normalize();
    }

    /** The absolute, normalized path scanned. */
    public Path root() {
        return root;
    }

    /**
     * Reports every file whose position differs from the one {@code known} holds (or that it does not
     * hold) with {@link UnitChanges#replace}, and every held file that is gone with
     * {@link UnitChanges#remove}. A file that disappears between the listing and its reading is
     * left for the next poll.
     *
     * @param mustExist whether a missing file or directory is an error (static reads), rather than an
     *     empty location (streaming reads, where it may appear later)
     */
    public <T> void poll(KnownUnits known, UnitChanges<T> changes, UnitReader<T> reader, boolean mustExist)
            throws IOException {
        Map<String, Path> files = list(mustExist);
        for (Map.Entry<String, Path> file : files.entrySet()) {
            String unit = file.getKey();
            Path path = file.getValue();
            try {
                byte[] position = FilePosition.of(Files.readAttributes(path, BasicFileAttributes.class));
                if (Arrays.equals(position, known.position(unit))) {
                    continue;
                }
                List<T> rows = new ArrayList<>();
                reader.read(path, rows);
                changes.replace(unit, position, rows);
            } catch (NoSuchFileException gone) {
                // deleted or renamed since the listing: the next poll sees what became of it
            } catch (CharacterCodingException e) {
                throw new InputException("file " + path + " is not valid UTF-8 text (" + e
                        + "); save it as UTF-8, or move it out of " + root, e);
            }
        }
        for (String unit : known.units()) {
            if (!files.containsKey(unit)) {
                changes.remove(unit);
            }
        }
    }

    /** The files now present, by unit name, in name order. */
    public Map<String, Path> list(boolean mustExist) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        BasicFileAttributes rootAttributes;
        try {
            rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new InputException(root + " does not exist; create it or fix the path given to the source");
            }
            return files;
        }
        if (!rootAttributes.isDirectory()) {
            files.put(root.getFileName().toString(), root);
            return files;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root) || !isHidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !ignored(file)) {
                    files.put(unitName(file), file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files;
    }

    private String unitName(Path file) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() == 1) {
            return relative.toString();
        }
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static boolean ignored(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.endsWith("~") || name.endsWith(".tmp");
    }
}
