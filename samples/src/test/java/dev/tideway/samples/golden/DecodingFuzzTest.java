package dev.tideway.samples.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tideway.internal.engine.UdfCache;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.internal.storage.CheckpointCodec;
import dev.tideway.internal.storage.LogRecord;
import dev.tideway.internal.storage.PreparedTransactions;
import dev.tideway.internal.storage.SnapshotStore;
import dev.tideway.internal.storage.UdfCacheStore;
import dev.tideway.internal.storage.UnitRowStore;
import dev.tideway.internal.storage.WriteAheadLog;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The readers of persisted objects fed mutated golden bytes (the v1, v2 and v3 fixtures' metadata, snapshot
 * states, unit rows, UDF cache and prepared transaction, and log segments; format 2's compressed
 * payloads also behind a valid checksum): each reads them, or refuses them with a
 * {@link PersistenceException} (damaged, or of a newer format) — never another exception, never
 * an allocation the bytes' length does not justify (an {@link OutOfMemoryError} fails the test),
 * never a hang (5 s per read), and nothing is written to the state.
 */
class DecodingFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final Map<String, byte[]> GOLDEN = golden();

    /** The sink of the prepared transaction of the fixture v1-expressions. */
    private static final String TOPIC_SINK = "file-topic:customer-counts";

    /**
     * Every object of the states of the fixtures v1, v1-expressions (source states of versions 2
     * and 3, a prepared transaction), v2-error-log (withheld rows), v3, v3-log-tail (Zstandard log blocks,
     * a rows object named by the log), v3-expressions and v3-error-log, by {@code <fixture>|<object name>}, and a log segment of two records.
     */
    private static Map<String, byte[]> golden() {
        Map<String, byte[]> objects = new TreeMap<>();
        try {
            for (String fixture : List.of("v1", "v1-expressions", "v2-error-log", "v3", "v3-log-tail", "v3-expressions", "v3-error-log")) {
                Path state = Path.of(DecodingFuzzTest.class.getResource("/golden-state/" + fixture + "/state").toURI());
                try (Stream<Path> files = Files.walk(state)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        objects.put(fixture + "|" + state.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Backend memory = Backend.memory();
        WriteAheadLog log = new WriteAheadLog(memory, "readings");
        log.append("first record".getBytes(StandardCharsets.UTF_8));
        log.append(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        log.commit(1);
        objects.put("made|" + WriteAheadLog.segmentName("readings", 1), memory.get(WriteAheadLog.segmentName("readings", 1)).orElseThrow());
        return objects;
    }

    /** The object's name in its state, without its fixture. */
    private static String objectName(String key) {
        return key.substring(key.indexOf('|') + 1);
    }

    @Provide
    Arbitrary<String> objects() {
        return Arbitraries.of(List.copyOf(GOLDEN.keySet()));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().between(0, 999_999),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 16)).as(Mutation::new)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void aMutatedObjectIsReadOrRefusedWithADocumentedException(@ForAll("objects") String key,
                                                               @ForAll("mutations") List<Mutation> mutations) {
        byte[] data = GOLDEN.get(key);
        String name = objectName(key);
        for (Mutation mutation : mutations) {
            data = mutation.apply(data);
        }
        Backend backend = Backend.memory();
        backend.put(name, data);
        Map<String, byte[]> before = contents(backend);
        assertTimeoutPreemptively(LIMIT, () -> read(backend, name));
        assertThat(contents(backend)).as("nothing written").containsExactlyInAnyOrderEntriesOf(before);
    }

    /**
     * Past the checksums: the metadata's JSON and a UDF cache's entries mutated and checksummed
     * again, as a bug (not a disk) would write them, reach the decoders, which refuse them with a
     * PersistenceException (metadata) or a CodecException (a cache's entries, which the store turns
     * into a warning and an empty cache).
     */
    @Property(tries = 300)
    void aMutatedBodyWithAValidChecksumIsReadOrRefused(@ForAll("bodies") String key, @ForAll("mutations") List<Mutation> mutations) {
        byte[] data = GOLDEN.get(key);
        String name = objectName(key);
        int newline = indexOf(data, (byte) '\n') + 1;
        byte[] body = java.util.Arrays.copyOfRange(data, newline, data.length);
        for (Mutation mutation : mutations) {
            body = mutation.apply(body);
        }
        byte[] mutated = body;
        assertTimeoutPreemptively(LIMIT, () -> {
            if (name.startsWith("metadata/")) {
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(mutated);
                byte[] header = ("tideway-checkpoint 1 crc32c=" + String.format("%08x", crc.getValue()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] object = new byte[header.length + mutated.length];
                System.arraycopy(header, 0, object, 0, header.length);
                System.arraycopy(mutated, 0, object, header.length, mutated.length);
                try {
                    CheckpointCodec.decode(object, name, "fuzz");
                } catch (PersistenceException e) {
                    assertThat(e.getMessage()).contains(name);
                }
            } else {
                // the frame's payload: skip the frame header (length and checksum)
                byte[] entries = mutated.length < 8 ? new byte[0] : java.util.Arrays.copyOfRange(mutated, 8, mutated.length);
                UdfCache<String, String> cache = new UdfCache<>("country-tags", ValueTypes.STRING, ValueTypes.STRING, s -> s, 1000,
                        "code:any");
                try {
                    cache.load(entries, 1);
                } catch (dev.tideway.schema.CodecException e) {
                    assertThat(cache.size()).as("nothing loaded from entries that do not read back").isZero();
                }
            }
        });
    }

    /**
     * Past the checksums of format 2: a Zstandard payload (of a rows object, a log block or a
     * snapshot state) mutated and framed again with a valid checksum reaches the decompression, which
     * reads it or refuses it with a PersistenceException naming the object: never a larger
     * allocation than the frame declares and Zstandard confirms, never another exception.
     */
    @Property(tries = 300)
    void aMutatedCompressedPayloadWithAValidChecksumIsReadOrRefused(@ForAll("compressed") String key,
                                                                   @ForAll("mutations") List<Mutation> mutations) {
        byte[] data = GOLDEN.get(key);
        String name = objectName(key);
        int newline = indexOf(data, (byte) '\n') + 1;
        int length = (data[newline] & 0xff) | (data[newline + 1] & 0xff) << 8 | (data[newline + 2] & 0xff) << 16
                | (data[newline + 3] & 0xff) << 24;
        byte[] payload = java.util.Arrays.copyOfRange(data, newline + 8, newline + 8 + length);
        for (Mutation mutation : mutations) {
            payload = mutation.apply(payload);
        }
        byte[] framed = dev.tideway.internal.storage.Frames.frame(payload);
        byte[] object = new byte[newline + framed.length];
        System.arraycopy(data, 0, object, 0, newline);
        System.arraycopy(framed, 0, object, newline, framed.length);
        Backend backend = Backend.memory();
        backend.put(name, object);
        Map<String, byte[]> before = contents(backend);
        assertTimeoutPreemptively(LIMIT, () -> read(backend, name));
        assertThat(contents(backend)).as("nothing written").containsExactlyInAnyOrderEntriesOf(before);
    }

    /** The objects of format 2 whose first frame holds a Zstandard payload (codec 01). */
    @Provide
    Arbitrary<String> compressed() {
        List<String> keys = GOLDEN.entrySet().stream().filter(e -> {
            byte[] data = e.getValue();
            int newline = indexOf(data, (byte) '\n') + 1;
            String header = new String(data, 0, Math.max(0, newline - 1), StandardCharsets.US_ASCII);
            return header.endsWith(" 2") && data.length > newline + 8 && data[newline + 8] == 1;
        }).map(Map.Entry::getKey).toList();
        assertThat(keys).as("the v3 fixtures hold Zstandard payloads").isNotEmpty();
        return Arbitraries.of(keys);
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.of(GOLDEN.keySet().stream()
                .filter(key -> objectName(key).startsWith("metadata/") || objectName(key).startsWith(UdfCacheStore.PREFIX)).toList());
    }

    private static int indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Reads the object as recovery does; a PersistenceException is a documented refusal. */
    private static void read(Backend backend, String name) {
        try {
            if (name.startsWith("metadata/")) {
                CheckpointCodec.decode(backend.get(name).orElseThrow(), name, backend.describe());
            } else if (name.startsWith("log/")) {
                for (LogRecord record : new WriteAheadLog(backend, name.split("/")[1]).read(0, Long.MAX_VALUE)) {
                    assertThat(record.payload()).isNotNull();
                }
            } else if (name.startsWith("snapshots/")) {
                new SnapshotStore(backend).read(Long.parseLong(name.split("/")[1]));
            } else if (name.startsWith("rows/")) {
                new UnitRowStore(backend).load(name);
            } else if (name.startsWith(PreparedTransactions.PREFIX)) {
                new PreparedTransactions(backend).get(TOPIC_SINK, Long.parseLong(name.substring(name.lastIndexOf('/') + 1)))
                        .orElseThrow(() -> new AssertionError("the sink's name gives another object than " + name));
            } else if (name.startsWith(UdfCacheStore.PREFIX)) {
                UdfCache<String, String> cache = new UdfCache<>(name.substring(UdfCacheStore.PREFIX.length()), ValueTypes.STRING,
                        ValueTypes.STRING, s -> s, 1000, "code:any");
                new UdfCacheStore(backend).load(cache);
            } else {
                throw new AssertionError("no reader for " + name);
            }
        } catch (PersistenceException e) {
            assertThat(e.getMessage()).as("a refusal says what and where").contains(name.contains("/") ? name.substring(0, name.indexOf('/')) : name);
        }
    }

    private static Map<String, byte[]> contents(Backend backend) {
        Map<String, byte[]> all = new TreeMap<>();
        for (String name : backend.list("")) {
            all.put(name, backend.get(name).orElseThrow());
        }
        return all;
    }
}
