package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * When a lease is taken over at once, waited for, or refused: on a store in memory, with leases
 * written as other processes would write them (a killed process of this host, a live one, one of
 * another host, one whose clock is far ahead).
 */
class LeaseLockTest {
    private static final String PREFIX = "state/" + LeaseLock.KEY_PREFIX;
    private static final Duration LONG = Duration.ofSeconds(60);

    private final MapStore store = new MapStore();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(LeaseLock.class)).addAppender(logs);
    }

    @AfterEach
    void cleanUp() {
        ((Logger) LoggerFactory.getLogger(LeaseLock.class)).detachAppender(logs);
        children.forEach(Process::destroyForcibly);
    }

    private StateLock acquire(Duration maxWait) {
        return LeaseLock.acquire(store, "mem://state", PREFIX, Duration.ofSeconds(30), maxWait);
    }

    /** A lease object as {@code identity} writes it, expiring {@code expiresIn} from now. */
    private void leaseOf(long epoch, ProcessIdentity identity, Duration expiresIn, Duration duration) {
        LeaseLock.Lease lease = new LeaseLock.Lease("someone-else", identity, System.currentTimeMillis() + expiresIn.toMillis(),
                duration.toMillis());
        store.objects.put(PREFIX + ObjectNames.sequence(epoch), lease.encode());
    }

    private Process liveChild() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        children.add(child);
        return child;
    }

    private static ProcessIdentity sameHostAs(ProcessHandle process, long startMillis) {
        ProcessIdentity here = ProcessIdentity.current();
        return new ProcessIdentity(here.host(), here.bootId(), here.pidNamespace(), process.pid(), startMillis);
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theLeaseOfAKilledProcessOfThisHostIsTakenOverAtOnce() throws Exception {
        Process child = liveChild();
        ProcessIdentity killed = sameHostAs(child.toHandle(), child.toHandle().info().startInstant().orElseThrow().toEpochMilli());
        child.destroyForcibly().waitFor();
        leaseOf(7, killed, Duration.ofSeconds(30), Duration.ofSeconds(30));

        try (StateLock lock = acquire(Duration.ZERO)) {  // no wait allowed: only a takeover at once can succeed
            assertThat(store.objects).containsOnlyKeys(PREFIX + ObjectNames.sequence(8));
        }
        assertThat(messages()).anyMatch(m -> m.contains("process " + killed.pid()) && m.contains("no longer exists")
                && m.contains("taking over its lease at once"));
    }

    @Test
    void aPidReusedByAnotherProcessDoesNotKeepTheLease() throws Exception {
        ProcessHandle live = liveChild().toHandle();
        long otherStart = live.info().startInstant().orElseThrow().toEpochMilli() - 60_000;
        leaseOf(1, sameHostAs(live, otherStart), Duration.ofSeconds(30), Duration.ofSeconds(30));

        try (StateLock lock = acquire(Duration.ZERO)) {
            assertThat(store.objects).containsOnlyKeys(PREFIX + ObjectNames.sequence(2));
        }
    }

    @Test
    void aLiveHolderOfThisHostKeepsItsLeaseAndTheTakerIsRefusedAfterItsMaximumWait() throws Exception {
        ProcessHandle live = liveChild().toHandle();
        ProcessIdentity holder = sameHostAs(live, live.info().startInstant().orElseThrow().toEpochMilli());
        leaseOf(3, holder, Duration.ofSeconds(30), Duration.ofSeconds(30));

        long began = System.nanoTime();
        assertThatThrownBy(() -> acquire(Duration.ofMillis(300)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("state location mem://state is in use by another process (process " + live.pid())
                .hasMessageContaining("waited ")
                .hasMessageContaining("delete the object " + PREFIX + ObjectNames.sequence(3));
        assertThat(System.nanoTime() - began).as("waited its maximum").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(store.objects).as("the live holder's lease is untouched").containsOnlyKeys(PREFIX + ObjectNames.sequence(3));
        assertThat(messages().stream().filter(m -> m.contains("waiting for its lease"))).as("the wait is logged once")
                .singleElement().satisfies(m -> assertThat(m).contains("process " + live.pid()).contains("to expire at "));
    }

    @Test
    void theLeaseOfAnotherHostIsWaitedForUntilItExpires() {
        ProcessIdentity remote = new ProcessIdentity("another-host", "b00t", "pid:[1]", 42, 1);
        Duration expiresIn = Duration.ofMillis(1_200);
        long expiry = System.currentTimeMillis() + expiresIn.toMillis();
        leaseOf(1, remote, expiresIn, Duration.ofSeconds(30));

        try (StateLock lock = acquire(LONG)) {
            assertThat(System.currentTimeMillis()).as("not before the lease expired").isGreaterThanOrEqualTo(expiry);
            assertThat(store.objects).containsOnlyKeys(PREFIX + ObjectNames.sequence(2));
        }
        List<String> messages = messages();
        assertThat(messages.stream().filter(m -> m.contains("waiting for its lease"))).singleElement()
                .satisfies(m -> assertThat(m).contains("process 42 on another-host").contains(".lock~00000000000000000001"));
        assertThat(messages).anyMatch(m -> m.contains("locked after waiting"));
    }

    @Test
    void aLeaseThatStaysUnchangedForItsDurationExpiresWhateverTheHoldersClockSays() {
        // a holder whose clock is an hour ahead, which stopped renewing: its lease looks valid for an hour
        ProcessIdentity remote = new ProcessIdentity("another-host", "b00t", "pid:[1]", 42, 1);
        leaseOf(1, remote, Duration.ofHours(1), Duration.ofMillis(1_000));

        long began = System.nanoTime();
        try (StateLock lock = acquire(Duration.ofSeconds(20))) {
            assertThat(System.nanoTime() - began).as("one lease duration seen unchanged")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
        }
    }

    @Test
    void anotherRunOfThisProcessIsRefusedAtOnce() {
        try (StateLock first = acquire(LONG)) {
            long began = System.nanoTime();
            assertThatThrownBy(() -> acquire(LONG)).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("already in use by another run in this process");
            assertThat(System.nanoTime() - began).isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
        try (StateLock again = acquire(Duration.ZERO)) {
            assertThat(store.objects).hasSize(1);
        }
    }

    @Test
    void aLeaseOfAnOlderVersionWithoutIdentityIsWaitedForNotTakenOver() {
        store.objects.put(PREFIX + ObjectNames.sequence(1), ("tideway-lease 1\nowner=x\nholder=process 1 on h\nexpires="
                + (System.currentTimeMillis() + 30_000) + "\nduration=30000\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> acquire(Duration.ZERO)).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("is in use by another process");
    }

    @Test
    void aLeaseOfANewerFormatIsRefusedNamingItsFormatAndTakingNothingOver() {
        String key = PREFIX + ObjectNames.sequence(1);
        byte[] lease = ("tideway-lease 2\nowner=x\nexpires=0\n").getBytes(StandardCharsets.UTF_8);
        store.objects.put(key, lease);
        assertThatThrownBy(() -> acquire(Duration.ZERO)).isInstanceOf(ObjectFormat.NewerFormatException.class)
                .hasMessageContaining(key).hasMessageContaining("written by a newer Tideway (tideway-lease format 2")
                .hasMessageContaining("upgrade, or restore with the version that wrote it");
        assertThat(store.objects).containsOnlyKeys(key);
        assertThat(store.objects.get(key)).isEqualTo(lease);
    }

    @Test
    void aLeaseWrittenBeforeHeadersIsReadAsFormatZero() {
        store.objects.put(PREFIX + ObjectNames.sequence(1), ("owner=x\nhost=elsewhere\npid=4242\nexpires="
                + (System.currentTimeMillis() + 30_000) + "\nduration=30000\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> acquire(Duration.ZERO)).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("is in use by another process").hasMessageContaining("4242");
    }

    /** Leases in a map, as an object store holds them. */
    private static final class MapStore implements LeaseLock.Store {
        final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

        @Override
        public boolean create(String key, byte[] data) {
            return objects.putIfAbsent(key, data) == null;
        }

        @Override
        public Optional<byte[]> read(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public void write(String key, byte[] data) {
            objects.put(key, data);
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }

        @Override
        public List<String> list(String keyPrefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(keyPrefix)).toList();
        }
    }
}
