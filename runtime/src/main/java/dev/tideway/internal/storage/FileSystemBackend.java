package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link Backend} on a local folder: object {@code a/b/c} is the file {@code <root>/a/b/c}.
 *
 * <p>Every write goes to a temporary file in the target's folder (its name holds a '~', so it is
 * never a valid object name and never listed), which is forced, then renamed atomically over the
 * target ({@link #put}) or hard-linked to it ({@link #putIfAbsent}, which fails if the target exists,
 * atomically, unlike a rename); then the folder is forced so the new entry survives a power loss.
 * Readers therefore see either the old or the whole new object.
 *
 * <p>Unlike object stores, a name cannot be both an object and a prefix of other objects
 * ({@code a} and {@code a/b}); the persistence layer never needs that.
 */
public final class FileSystemBackend implements Backend {
    private static final int MAX_OBJECT = Integer.MAX_VALUE - 8;
    private static final int WRITE_ATTEMPTS = 3;
    /** Files {@link #putAll} writes at once, over all instances. */
    static final int PARALLEL_WRITES = 4;
    private static final ExecutorService WRITERS = Executors.newFixedThreadPool(PARALLEL_WRITES, task -> {
        Thread thread = new Thread(task, "tideway-file-writer");
        thread.setDaemon(true);
        return thread;
    });

    private final Path root;

    /**
     * Opens (and creates if missing) the folder {@code root}.
     *
     * @throws PersistenceException if {@code root} is not a folder or cannot be created
     */
    public FileSystemBackend(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw new PersistenceException("state location " + this.root
                    + " exists but is not a folder; give the path of a folder (it is created if missing)"
                    + " or move the file away");
        }
        try {
            if (!Files.isDirectory(this.root)) {
                Files.createDirectories(this.root);
                forceDirectoriesUpTo(this.root, this.root.getRoot());
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot create state location " + this.root + ": " + reason(e)
                    + "; check that the path is right and writable", e);
        }
    }

    /** The folder holding the objects. */
    public Path root() {
        return root;
    }

    @Override
    public void put(String name, byte[] data) {
        write(name, data, true, true);
    }

    @Override
    public boolean putIfAbsent(String name, byte[] data) {
        return write(name, data, false, true);
    }

    /**
     * Writes and forces the files in parallel (on up to {@value #PARALLEL_WRITES} threads: a file
     * system commits the forces of concurrent writers together), then forces each folder once,
     * where {@link #put} forces the folder of every file.
     */
    @Override
    public void putAll(Map<String, byte[]> objects) {
        if (objects.size() < 2) {
            objects.forEach(this::put);
            return;
        }
        Set<Path> folders = new LinkedHashSet<>();
        for (String name : objects.keySet()) {
            folders.add(resolve(name).getParent());   // every name checked before anything is written
        }
        List<Future<?>> writes = new ArrayList<>();
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            writes.add(WRITERS.submit(() -> write(object.getKey(), object.getValue(), true, false)));
        }
        RuntimeException failure = null;
        for (Future<?> write : writes) {
            RuntimeException failed = outcome(write);
            if (failure == null) {
                failure = failed;
            }
        }
        if (failure != null) {
            throw failure;
        }
        folders.forEach(FileSystemBackend::forceDirectory);
    }

    /** Waits for one write of {@link #putAll}: null when it succeeded, else its failure. */
    private static RuntimeException outcome(Future<?> write) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    write.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;   // the write goes on: wait for it, so that none outlives the call
                } catch (ExecutionException e) {
                    return e.getCause() instanceof RuntimeException runtime ? runtime : new PersistenceException(
                            "write failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean write(String name, byte[] data, boolean replace, boolean forceFolder) {
        Path target = resolve(name);
        Path folder = target.getParent();
        for (int attempt = 1; ; attempt++) {
            Path temp = folder.resolve(target.getFileName() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                if (!Files.isDirectory(folder)) {
                    Files.createDirectories(folder);
                    forceDirectoriesUpTo(folder, root);
                }
                writeAndForce(temp, data);
                if (replace) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else if (!linkNoReplace(target, temp, data)) {
                    return false;
                }
                if (forceFolder) {
                    forceDirectory(folder);
                }
                return true;
            } catch (NoSuchFileException e) {
                // A concurrent delete pruned the (then empty) folder between our mkdir and our write.
                if (attempt >= WRITE_ATTEMPTS) {
                    throw failure("write", name, e);
                }
            } catch (IOException e) {
                throw failure("write", name, e);
            } finally {
                deleteQuietly(temp);
            }
        }
    }

    /** Links {@code target} to {@code temp}; false if {@code target} exists. */
    private static boolean linkNoReplace(Path target, Path temp, byte[] data) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // No hard links here: create-new is still atomic about who wins, but a reader could see
            // the object while it is written; the metadata's checksum makes such a read a damaged,
            // skipped generation rather than wrong data.
            try {
                writeAndForce(target, data);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
    }

    private static void writeAndForce(Path file, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    @Override
    public Optional<byte[]> get(String name) {
        Path file = resolve(name);
        try {
            long size = Files.size(file);
            if (size > MAX_OBJECT) {
                throw new PersistenceException("object " + name + " in state location " + root + " has " + size
                        + " bytes, more than the 2 GiB an object may hold; the state location is damaged or not"
                        + " Tideway's");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                return Optional.empty(); // a prefix of other objects, not an object
            }
            throw failure("read", name, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        ObjectNames.requireValidPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                        if (name.startsWith(prefix) && ObjectNames.isValidName(name)) {
                            names.add(name);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted while we walked
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw failure("list", prefix + "*", e);
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public void delete(String name) {
        Path file = resolve(name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure("delete", name, e);
        }
        pruneEmptyFolders(file.getParent());
    }

    /** Removes folders left empty by a delete, so old snapshot and log folders do not pile up. */
    private void pruneEmptyFolders(Path folder) {
        for (Path current = folder; current != null && !current.equals(root) && current.startsWith(root);
                current = current.getParent()) {
            try {
                Files.delete(current);
            } catch (NoSuchFileException e) {
                // already gone; its parent may be empty now
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return; // only tidiness is lost
            }
        }
    }

    @Override
    public OptionalLong size(String name) {
        Path file = resolve(name);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() ? OptionalLong.of(attributes.size()) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw failure("read the size of", name, e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public StateLock lock() {
        return FileStateLock.acquire(root, root.resolve(ObjectNames.LOCK_NAME));
    }

    @Override
    public String toString() {
        return "filesystem:" + root;
    }

    private Path resolve(String name) {
        return root.resolve(ObjectNames.requireValidName(name));
    }

    private PersistenceException failure(String action, String name, IOException e) {
        String hint = e instanceof AccessDeniedException ? "check the permissions of the state location"
                : "check free space, permissions and that nothing else changes the state location";
        return new PersistenceException("cannot " + action + " object " + name + " in state location " + root + ": "
                + reason(e) + "; " + hint, e);
    }

    static String reason(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is never listed nor read
        }
    }

    /** Forces {@code folder} and its parents up to {@code top}, so newly created folders are durable. */
    private static void forceDirectoriesUpTo(Path folder, Path top) {
        for (Path current = folder; current != null; current = current.getParent()) {
            Path parent = current.getParent();
            if (parent != null) {
                forceDirectory(parent);
            }
            if (current.equals(top)) {
                return;
            }
        }
    }

    /** Forces a folder's entries to disk; some platforms refuse to open folders, then there is nothing to do. */
    static void forceDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; its renames are durable by other means.
        }
    }
}
