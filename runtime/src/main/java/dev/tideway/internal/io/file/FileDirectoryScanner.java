package dev.tideway.internal.io.file;

import dev.tideway.InputException;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import dev.tideway.spi.ParsedRows;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.spi.BadRowHandler;

/**
 * Finds what changed in a file or a directory since the files the engine holds, and reports each
 * new or changed file whole, and each vanished file as removed.
 *
 * <p>A directory is listed recursively. Hidden files and directories (names starting with a dot) and
 * files being written by editors or tools (names ending with {@code ~} or {@code .tmp}) are ignored,
 * so a writer can create {@code data.csv.tmp} and rename it to {@code data.csv}: the renamed file is
 * read as a new file. Units are named by their path relative to the directory, with {@code /}
 * separators; a single file is named by its file name. So the same files in a moved or copied
 * directory are the same units.
 *
 * <p><b>What counts as changed</b> (see {@link FilePosition}): a file whose {@linkplain FileStamp
 * stamp} (size, modification and change times, inode) is the one it was read at is not read again,
 * unless its stamp was racily clean; a file whose stamp differs but whose size does not is compared
 * by {@linkplain ContentChecksum checksum} with what was read, and read again only if its bytes differ ({@link
 * UnitChanges#unchanged} otherwise). So a file rewritten in place with the same size and its
 * modification time set back is read again, and a moved, copied or touched file is not.
 *
 * <p><b>Incomplete last lines.</b> A streaming read leaves out a last line without its line break
 * (it is being written), and takes it once the file ends with a line break or has not changed for
 * the {@linkplain FileReadOptions#incompleteLineTimeout() incomplete-line timeout}. A static read
 * takes it at once.
 */
public final class FileDirectoryScanner {
    /**
     * A stamp this close to the moment its file is read is not trusted: a write after the read, in the
     * same tick of a coarse file-system clock (2 s on FAT, 1 s on ext3 and HFS+), would leave it
     * unchanged. Such a file is compared by content at the next poll.
     */
    static final long RACY_WINDOW_MILLIS = 2_000;

    /** Reads a file's stamp: {@link FileStamp#read}, or a stand-in for tests. */
    @FunctionalInterface
    interface StampReader {
        FileStamp read(Path file) throws IOException;
    }

    /** A file the poll is to read, with the stamp and the time it was found to need reading at. */
    private record ToRead(String unit, Path path, FileStamp stamp, boolean quiet, long now) {}

    private final Path root;
    private final StampReader stamps;
    private final LongSupplier clock;
    /** Which units this scanner reports (all, or one worker's share of them). */
    private final Predicate<String> units;

    /** @param fileOrDirectory a file, or a directory to list; made absolute and normalized */
    public FileDirectoryScanner(Path fileOrDirectory) {
        this(fileOrDirectory, FileStamp::read, System::currentTimeMillis);
    }

    FileDirectoryScanner(Path fileOrDirectory, StampReader stamps, LongSupplier clock) {
        this(fileOrDirectory, stamps, clock, unit -> true);
    }

    private FileDirectoryScanner(Path fileOrDirectory, StampReader stamps, LongSupplier clock, Predicate<String> units) {
        this.root = fileOrDirectory.toAbsolutePath().normalize();
        this.stamps = stamps;
        this.clock = clock;
        this.units = units;
    }

    /** A scanner of the same files that reports only the units {@code units} accepts (a worker's share). */
    public FileDirectoryScanner only(Predicate<String> units) {
        return new FileDirectoryScanner(root, stamps, clock, units);
    }

    /** The absolute, normalized path scanned. */
    public Path root() {
        return root;
    }

    /**
     * Reports every file that changed since the position {@code known} holds for it (or that it does
     * not hold) with {@link UnitChanges#replace}, every file whose stamp changed but not its bytes
     * with {@link UnitChanges#unchanged}, and every held file that is gone with
     * {@link UnitChanges#remove}. A file that disappears between the listing and its reading is left
     * for the next poll.
     *
     * @param options streaming or static (a missing file or directory is an error only in a static
     *     read; streaming reads leave out incomplete last lines), and the incomplete-line timeout
     */
    public <T> void poll(KnownUnits known, UnitChanges<T> changes, TextUnitParser<T> parser, BadRowHandler badRows,
            FileReadOptions options) throws IOException {
        Map<String, Path> files = list(!options.streaming());
        // first what is to be read, so that progress can tell how much of it is left
        List<ToRead> toRead = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, Path> file : files.entrySet()) {
            String unit = file.getKey();
            Path path = file.getValue();
            if (!units.test(unit)) {
                continue;
            }
            try {
                long now = clock.getAsLong();
                FileStamp stamp = stamps.read(path);
                FilePosition held = FilePosition.decode(known.position(unit));
                boolean quiet = !options.streaming()
                        || now - stamp.lastTouchedMillis() >= options.incompleteLineTimeout().toMillis();
                if (held != null && !(held.incompleteLine() && quiet) && same(unit, path, stamp, held, now, changes)) {
                    continue;
                }
                toRead.add(new ToRead(unit, path, stamp, quiet, now));
                bytes += stamp.size();
            } catch (NoSuchFileException gone) {
                // deleted or renamed since the listing: the next poll sees what became of it
            }
        }
        changes.pending(toRead.size(), bytes);
        for (ToRead file : toRead) {
            try {
                ParsedRows<T> rows = new ParsedRows<>();
                FilePosition position;
                try (InputStream in = Files.newInputStream(file.path())) {
                    UnitText text = new UnitText(in, file.path().toString(), badRows, !file.quiet(), file.stamp().size());
                    parser.parse(text, file.path().toString(), rows);
                    text.skipRest();
                    FileStamp stamp = file.stamp();
                    FileStamp read = new FileStamp(text.bytesRead(), stamp.modifiedNanos(), stamp.changedNanos(), stamp.fileKey());
                    position = new FilePosition(read, text.checksum(), racy(stamp, file.now()), text.incompleteLine());
                    changes.read(text.bytesRead());
                }
                changes.replace(file.unit(), position.encode(), rows.rows(), rows::line);
            } catch (NoSuchFileException gone) {
                // deleted or renamed since the listing: the next poll sees what became of it
            }
        }
        for (String unit : known.units()) {
            if (!files.containsKey(unit)) {
                changes.remove(unit);
            }
        }
    }

    /**
     * Whether the file holds what was read at {@code held}: reports {@link UnitChanges#unchanged}
     * when its stamp moved on (or stopped being racy) but its bytes are the same.
     */
    private <T> boolean same(String unit, Path path, FileStamp stamp, FilePosition held, long now, UnitChanges<T> changes)
            throws IOException {
        boolean sameStamp = held.stamp().sameAs(stamp);
        if (sameStamp && !held.racy()) {
            return true;
        }
        if (stamp.size() != held.stamp().size() || held.checksum() == null) {
            return false;
        }
        OptionalLong checksum = ContentChecksum.of(path, stamp.size());
        if (checksum.isEmpty() || !held.sameContent(stamp.size(), checksum.getAsLong())) {
            return false;
        }
        boolean racy = racy(stamp, now);
        if (!sameStamp || !racy) {
            changes.unchanged(unit, new FilePosition(stamp, checksum.getAsLong(), racy, held.incompleteLine()).encode());
        }
        return true;
    }

    private static boolean racy(FileStamp stamp, long now) {
        return stamp.lastTouchedMillis() >= now - RACY_WINDOW_MILLIS;
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

    /** The path of a unit, for messages: the file under the directory read, or the file read. */
    public Path pathOf(String unit) {
        try {
            Path file = root.resolve(unit);
            return Files.isRegularFile(root) || !file.startsWith(root) ? root : file;
        } catch (java.nio.file.InvalidPathException notAPath) {
            return root;    // a unit of a location read before (see SourceNode), no longer a file here
        }
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
