package dev.tideway.samples.persistence;

import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.UnitChanges;
import dev.tideway.spi.OutputConnector;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Helpers of the persistence-mode tests: what a state folder holds, what a source read, what a sink got when. */
final class StateFiles {
    private StateFiles() {}

    /** Every file of {@code dir} by relative path, with a digest of its bytes: equal maps, equal folders. */
    static Map<String, String> digest(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                files.put(dir.relativize(file).toString().replace('\\', '/'), HexFormat.of().formatHex(hash));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** The relative paths of the files under {@code dir}. */
    static List<String> files(Path dir) {
        return new ArrayList<>(digest(dir).keySet());
    }

    /**
     * The rows a JSON Lines change file adds up to, each line without its time and diff; fails on a
     * row whose changes do not add up to 0 or 1.
     */
    static List<String> consolidate(Path file) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        Pattern line = Pattern.compile("(.*),\"time\":\\d+,\"diff\":(-?1)}");
        for (String text : Files.readAllLines(file)) {
            Matcher m = line.matcher(text);
            if (!m.matches()) {
                throw new AssertionError("not a change: " + text);
            }
            counts.merge(m.group(1) + "}", Integer.parseInt(m.group(2)), Integer::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach((row, n) -> {
            if (n < 0 || n > 1) {
                throw new AssertionError(row + " adds up to " + n + " in " + file);
            }
            if (n == 1) {
                rows.add(row);
            }
        });
        return rows;
    }

    /** What "+ row" / "- row" changes add up to, as the rows present (sorted); fails on a negative count. */
    static List<String> net(List<String> changes) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String change : changes) {
            counts.merge(change.substring(2), change.startsWith("+ ") ? 1 : -1, Integer::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach((row, n) -> {
            if (n < 0) {
                throw new AssertionError(row + " adds up to " + n);
            }
            for (int i = 0; i < n; i++) {
                rows.add(row);
            }
        });
        return rows;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** A connector that counts the rows and units its delegate reads. */
    static final class Counting<T> implements InputConnector<T> {
        private final InputConnector<T> delegate;
        private int rows;
        private final TreeSet<String> units = new TreeSet<>();

        Counting(InputConnector<T> delegate) {
            this.delegate = delegate;
        }

        int rows() {
            return rows;
        }

        /** The file names of the units read. */
        List<String> units() {
            return units.stream().map(u -> Path.of(u).getFileName().toString()).sorted().toList();
        }

        @Override
        public RowSchema<T> schema() {
            return delegate.schema();
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public String kind() {
            return delegate.kind();
        }

        @Override
        public boolean streaming() {
            return delegate.streaming();
        }

        @Override
        public Duration pollInterval() {
            return delegate.pollInterval();
        }

        @Override
        public void poll(KnownUnits known, UnitChanges<T> changes) throws IOException {
            delegate.poll(known, new UnitChanges<>() {
                @Override
                public void replace(String unit, byte[] position, List<T> read) {
                    replace(unit, position, read, null);
                }

                @Override
                public void replace(String unit, byte[] position, List<T> read, java.util.function.IntToLongFunction lines) {
                    rows += read.size();
                    units.add(unit);
                    changes.replace(unit, position, read, lines);
                }

                @Override
                public void unchanged(String unit, byte[] position) {
                    changes.unchanged(unit, position);
                }

                @Override
                public void remove(String unit) {
                    changes.remove(unit);
                }

                @Override
                public void event(T row, int diff) {
                    rows++;
                    changes.event(row, diff);
                }

                @Override
                public void upsert(byte[] key, T row) {
                    rows++;
                    changes.upsert(key, row);
                }

                @Override
                public void offsets(byte[] offsets) {
                    changes.offsets(offsets);
                }
            });
        }

        @Override
        public void committed(byte[] offsets) {
            delegate.committed(offsets);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    /** A sink that keeps each change with the logical time of its batch. */
    static final class Timed<T> implements OutputConnector<T> {
        private final String name;
        private final Map<Long, List<String>> byTime = new TreeMap<>();

        Timed(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return "timed:" + name;
        }

        @Override
        public void open(long committedPosition) {}

        @Override
        public synchronized void write(long time, ChangeBatch<T> batch, RowSchema<T> schema) {
            for (int i = 0; i < batch.size(); i++) {
                byTime.computeIfAbsent(time, t -> new ArrayList<>()).add((batch.diff(i) > 0 ? "+ " : "- ") + batch.row(i));
            }
        }

        @Override
        public long commit() {
            return -1;
        }

        @Override
        public void close() {}

        synchronized Map<Long, List<String>> byTime() {
            return new TreeMap<>(byTime);
        }

        synchronized List<String> all() {
            List<String> all = new ArrayList<>();
            byTime.values().forEach(all::addAll);
            return all;
        }
    }
}
