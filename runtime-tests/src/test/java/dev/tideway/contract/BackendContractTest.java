package dev.tideway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.tideway.internal.storage.Checkpoint;
import dev.tideway.internal.storage.MetadataStore;

/** What every {@link Backend} must do; each backend has a subclass that runs these tests. */
public abstract class BackendContractTest {

    /** A new, empty store. */
    protected abstract Backend backend();

    /** A second handle on the same location as {@code backend} (another "run"). */
    protected abstract Backend sameLocation(Backend backend);

    /** The whole stack trace of {@code e} as printed, causes included: to check that no secret is in it. */
    protected static String stackTraceOf(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putThenGetReturnsTheBytes() {
        Backend backend = backend();
        backend.put("a/b/c", bytes("hello"));
        assertThat(backend.get("a/b/c")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("hello")));
        assertThat(backend.size("a/b/c")).hasValue(5);
    }

    @Test
    void putReplacesAndGetOfMissingIsEmpty() {
        Backend backend = backend();
        backend.put("x", bytes("one"));
        backend.put("x", bytes("two"));
        assertThat(backend.get("x")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("two")));
        assertThat(backend.get("missing")).isEmpty();
        assertThat(backend.get("a/missing")).isEmpty();
        assertThat(backend.size("missing")).isEmpty();
    }

    @Test
    void putAllWritesEveryObjectReplacingWhatWasThere() {
        Backend backend = backend();
        backend.put("snap/1/b", bytes("old"));
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            objects.put("snap/1/" + (char) ('a' + i), bytes("state " + i));
        }
        objects.put("other/x", bytes("elsewhere"));
        backend.putAll(objects);
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertThat(backend.get(object.getKey())).as(object.getKey()).hasValueSatisfying(v -> assertThat(v).isEqualTo(object.getValue()));
        }
        assertThat(backend.list("snap/1/")).hasSize(12);
        backend.putAll(Map.of());
        backend.putAll(Map.of("single", bytes("one")));
        assertThat(backend.get("single")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("one")));
    }

    @Test
    void putAllWithAnInvalidNameWritesNothing() {
        Backend backend = backend();
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("good/a", bytes("a"));
        objects.put("bad/../name", bytes("b"));
        objects.put("good/c", bytes("c"));
        assertThatThrownBy(() -> backend.putAll(objects)).isInstanceOf(IllegalArgumentException.class);
        assertThat(backend.list("")).isEmpty();
    }

    @Test
    void emptyObjectsAreObjects() {
        Backend backend = backend();
        backend.put("empty", new byte[0]);
        assertThat(backend.get("empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(backend.list("")).containsExactly("empty");
    }

    @Test
    void storedBytesDoNotChangeWithTheCallersArray() {
        Backend backend = backend();
        byte[] data = bytes("abc");
        backend.put("k", data);
        data[0] = 'z';
        byte[] read = backend.get("k").orElseThrow();
        read[1] = 'z';
        assertThat(backend.get("k").orElseThrow()).isEqualTo(bytes("abc"));
    }

    @Test
    void largeObjectsRoundTrip() {
        Backend backend = backend();
        byte[] data = new byte[7 * 1024 * 1024 + 13];
        new Random(42).nextBytes(data);
        backend.put("snapshots/big", data);
        assertThat(backend.get("snapshots/big").orElseThrow()).isEqualTo(data);
        assertThat(backend.size("snapshots/big")).hasValue(data.length);
    }

    @Test
    void listIsSortedAndFiltersByStringPrefix() {
        Backend backend = backend();
        for (String name : List.of("log/b/2", "log/a/1", "log/ab/1", "metadata/1", "log/a/0", "top")) {
            backend.put(name, bytes(name));
        }
        assertThat(backend.list("log/a")).containsExactly("log/a/0", "log/a/1", "log/ab/1");
        assertThat(backend.list("log/a/")).containsExactly("log/a/0", "log/a/1");
        assertThat(backend.list("")).containsExactly("log/a/0", "log/a/1", "log/ab/1", "log/b/2", "metadata/1", "top");
        assertThat(backend.list("nothing/")).isEmpty();
        assertThat(backend.list("t")).containsExactly("top");
    }

    @Test
    void deleteIsIdempotentAndListForgetsTheObject() {
        Backend backend = backend();
        backend.put("d/one", bytes("1"));
        backend.put("d/two", bytes("2"));
        backend.delete("d/one");
        backend.delete("d/one");
        backend.delete("never/was");
        assertThat(backend.get("d/one")).isEmpty();
        assertThat(backend.list("d/")).containsExactly("d/two");
        backend.delete("d/two");
        assertThat(backend.list("")).isEmpty();
        backend.put("d/three", bytes("3")); // the folder may have been pruned; writing again works
        assertThat(backend.list("d/")).containsExactly("d/three");
    }

    @Test
    void putIfAbsentCreatesOnlyOnce() {
        Backend backend = backend();
        assertThat(backend.putIfAbsent("metadata/1", bytes("first"))).isTrue();
        assertThat(backend.putIfAbsent("metadata/1", bytes("second"))).isFalse();
        assertThat(backend.get("metadata/1").orElseThrow()).isEqualTo(bytes("first"));
        assertThat(backend.list("metadata/")).containsExactly("metadata/1");
    }

    @Test
    void putIfAbsentFromManyThreadsHasExactlyOneWinner() throws Exception {
        Backend backend = backend();
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            String name = "metadata/" + round;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] data = bytes("writer " + t);
                    results.add(pool.submit(() -> {
                        start.await();
                        return backend.putIfAbsent(name, data);
                    }));
                }
                start.countDown();
                int winners = 0;
                int winner = -1;
                for (int t = 0; t < threads; t++) {
                    if (results.get(t).get(30, TimeUnit.SECONDS)) {
                        winners++;
                        winner = t;
                    }
                }
                assertThat(winners).as("winners of round %d", round).isEqualTo(1);
                assertThat(backend.get(name).orElseThrow()).isEqualTo(bytes("writer " + winner));
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(backend.list("metadata/")).hasSize(20);
    }

    @Test
    void twoWritersCommittingMetadataConcurrentlyHaveOneWinnerAndTheOtherIsToldWhy() throws Exception {
        Backend first = backend();
        Backend second = sameLocation(first);
        for (int round = 1; round <= 5; round++) {
            MetadataStore[] stores = {new MetadataStore(first), new MetadataStore(second)};
            long generation = stores[0].nextGeneration();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (MetadataStore store : stores) {
                    long time = results.size();
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            store.commit(new Checkpoint(generation, time, Checkpoint.NO_SNAPSHOT, -1, Map.of(),
                                    Map.of(), Map.of()));
                            return "committed";
                        } catch (PersistenceException e) {
                            return e.getMessage();
                        }
                    }));
                }
                start.countDown();
                List<String> outcomes = List.of(results.get(0).get(30, TimeUnit.SECONDS), results.get(1).get(30, TimeUnit.SECONDS));
                assertThat(outcomes).filteredOn("committed"::equals).hasSize(1);
                assertThat(outcomes).filteredOn(o -> !o.equals("committed")).singleElement().asString()
                        .contains("another process is committing").contains(first.describe());
                assertThat(new MetadataStore(second).latest()).hasValueSatisfying(c -> assertThat(c.generation()).isEqualTo(generation));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/", "..", "a/../b", "./a", "a/.", "a\\b", "C:x", "sp ace", ".lock", "a/b~1.tmp"})
    void invalidNamesAreRefused(String name) {
        Backend backend = backend();
        assertThatThrownBy(() -> backend.put(name, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.get(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.delete(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backend.putIfAbsent(name, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "/log", "log//", "a\\", "log/sp ace", "../../etc/"})
    void invalidListPrefixesAreRefused(String prefix) {
        Backend backend = backend();
        assertThatThrownBy(() -> backend.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partialSegmentsArePrefixes() {
        Backend backend = backend();
        backend.put("log/..x/1", bytes("1"));
        backend.put("log/.y", bytes("2"));
        assertThat(backend.list("log/.")).containsExactly("log/..x/1", "log/.y");
        assertThat(backend.list("log/..")).containsExactly("log/..x/1");
    }

    @Test
    void namesWithDotsThatStayInsideAreFine() {
        Backend backend = backend();
        backend.put(".hidden/..x/a.b", bytes("ok"));
        assertThat(backend.list("")).containsExactly(".hidden/..x/a.b");
    }

    @Test
    void aSecondLockOnTheSameLocationIsRefusedUntilTheFirstIsClosed() {
        Backend backend = backend();
        Backend other = sameLocation(backend);
        StateLock lock = backend.lock();
        assertThatThrownBy(other::lock)
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(backend.describe());
        lock.close();
        lock.close();
        try (StateLock again = other.lock()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void theLockIsNotAnObject() {
        Backend backend = backend();
        try (StateLock lock = backend.lock()) {
            assertThat(backend.list("")).isEmpty();
        }
    }
}
