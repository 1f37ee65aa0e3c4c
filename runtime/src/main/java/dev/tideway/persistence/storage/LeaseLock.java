package dev.tideway.persistence.storage;

import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of a state location on an object store, which has no operating-system lock: a lease.
 *
 * <p>A lease is an object {@code <root>.lock~<20-digit epoch>} (the '~' keeps it out of every object
 * listing) holding an owner token, the holder's host and process id, and an expiry time. To lock, a
 * process reads the newest epoch:
 * <ul>
 *   <li>none, or released (deleted): it creates the next epoch with a create-only write;
 *   <li>held and not expired: it is refused, with a message naming the holder and when the lease
 *       expires;
 *   <li>expired (its holder crashed or lost the store for a whole lease): it takes over by creating
 *       the next epoch with a create-only write, so of several takers exactly one wins.
 * </ul>
 * The holder renews its lease every third of the lease duration and deletes it when closed. When
 * renewing, it checks that no newer epoch exists; if one does, another process took over (this one
 * was cut off from the store for longer than a lease), and it logs an error. Expiry is judged by the
 * taker's clock against the holder's: clocks are assumed to agree within a few seconds.
 *
 * <p>The lease keeps two runs from working on one location by mistake; it is not what makes commits
 * safe. That is the metadata's create-only generations ({@link MetadataStore}): even a holder that
 * lost its lease without noticing cannot overwrite the new holder's commit, its commit fails.
 */
final class LeaseLock implements StateLock {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);
    static final String KEY_PREFIX = ".lock~";
    private static final int ATTEMPTS = 3;

    /** Raw, retried operations on whole keys of the store. */
    interface Store {
        boolean create(String key, byte[] data);

        Optional<byte[]> read(String key);

        void write(String key, byte[] data);

        void delete(String key);

        List<String> list(String keyPrefix);
    }

    private final Store store;
    private final String location;
    private final String prefix;
    private final long epoch;
    private final String owner;
    private final Duration duration;
    private final ScheduledExecutorService renewal;
    private volatile boolean lost;
    private volatile boolean closed;

    private LeaseLock(Store store, String location, String prefix, long epoch, String owner, Duration duration) {
        this.store = store;
        this.location = location;
        this.prefix = prefix;
        this.epoch = epoch;
        this.owner = owner;
        this.duration = duration;
        this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tideway-lease " + location);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, duration.toMillis() / 3);
        renewal.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of a location.
     *
     * @param prefix the keys of the leases: the location's root followed by {@link #KEY_PREFIX}
     * @throws PersistenceException if another process holds an unexpired lease
     */
    static StateLock acquire(Store store, String location, String prefix, Duration duration) {
        String owner = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            TreeSet<Long> epochs = epochs(store, prefix);
            long next = epochs.isEmpty() ? 1 : epochs.last() + 1;
            if (!epochs.isEmpty()) {
                String newest = key(prefix, epochs.last());
                Optional<byte[]> current = store.read(newest);
                if (current.isPresent()) {
                    Lease lease = Lease.parse(current.get());
                    if (lease.expiresAtMillis() > System.currentTimeMillis()) {
                        throw inUse(location, newest, lease);
                    }
                    LOG.warn("state location {}: the lease of {} expired at {} without being released (it crashed or lost"
                            + " the store); taking over", location, lease.holder(), Instant.ofEpochMilli(lease.expiresAtMillis()));
                }
            }
            if (store.create(key(prefix, next), Lease.of(owner, duration).encode())) {
                for (long old : epochs) {
                    deleteQuietly(store, key(prefix, old));
                }
                return new LeaseLock(store, location, prefix, next, owner, duration);
            }
            // another process created that epoch first: look again
        }
        throw new PersistenceException("state location " + location + " is being locked by other processes at the same"
                + " time; a state location serves one run at a time: stop the others, or give this run another location");
    }

    private static PersistenceException inUse(String location, String key, Lease lease) {
        long seconds = Math.max(1, (lease.expiresAtMillis() - System.currentTimeMillis() + 999) / 1000);
        return new PersistenceException("state location " + location + " is in use by another process (" + lease.holder()
                + "; its lease is renewed every " + period(lease.durationMillis()) + " and expires at "
                + Instant.ofEpochMilli(lease.expiresAtMillis()) + "); stop that process, or give this run another state"
                + " location. If that process is gone, its lease expires in " + seconds + " s and the next run takes"
                + " over; to take over now, delete the object " + key);
    }

    /** The renewal period of a lease of {@code durationMillis}, as {@code 10 s} or {@code 667 ms}. */
    private static String period(long durationMillis) {
        long millis = Math.max(1, durationMillis / 3);
        return millis >= 10_000 ? (millis + 500) / 1000 + " s" : millis + " ms";
    }

    private static TreeSet<Long> epochs(Store store, String prefix) {
        TreeSet<Long> epochs = new TreeSet<>();
        for (String key : store.list(prefix)) {
            if (key.startsWith(prefix)) {
                long epoch = ObjectNames.parseSequence(key.substring(prefix.length()));
                if (epoch >= 0) {
                    epochs.add(epoch);
                }
            }
        }
        return epochs;
    }

    private static String key(String prefix, long epoch) {
        return prefix + ObjectNames.sequence(epoch);
    }

    private void renew() {
        if (closed || lost) {
            return;
        }
        try {
            if (store.read(key(prefix, epoch + 1)).isPresent()) {
                lost = true;
                LOG.error("state location {}: another process took over this run's lease after it expired; this run"
                        + " can no longer commit there and should be stopped", location);
                return;
            }
            store.write(key(prefix, epoch), Lease.of(owner, duration).encode());
        } catch (RuntimeException e) {
            LOG.warn("state location {}: could not renew the lease: {}", location, e.getMessage());
        }
    }

    /** Stops renewing without releasing, as a killed process would; for tests. */
    void stopRenewingForTest() {
        renewal.shutdownNow();
        closed = true;
    }

    /** True once another process took over the lease. */
    boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        renewal.shutdownNow();
        try {
            renewal.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lost) {
            deleteQuietly(store, key(prefix, epoch));
        }
    }

    private static void deleteQuietly(Store store, String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("could not delete the lease object {}: {}; it expires by itself", key, e.getMessage());
        }
    }

    /** The content of a lease object: a few {@code name=value} lines. */
    record Lease(String owner, String holder, long expiresAtMillis, long durationMillis) {
        static Lease of(String owner, Duration duration) {
            return new Lease(owner, hostAndPid(), System.currentTimeMillis() + duration.toMillis(), duration.toMillis());
        }

        byte[] encode() {
            return ("tideway-lease 1\nowner=" + owner + "\nholder=" + holder + "\nexpires=" + expiresAtMillis
                    + "\nduration=" + durationMillis + "\n").getBytes(StandardCharsets.UTF_8);
        }

        static Lease parse(byte[] data) {
            String owner = "";
            String holder = "an unknown process";
            long expires = 0;
            long duration = 0;
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
                int equals = line.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String value = line.substring(equals + 1);
                try {
                    switch (line.substring(0, equals)) {
                        case "owner" -> owner = value;
                        case "holder" -> holder = value;
                        case "expires" -> expires = Long.parseLong(value);
                        case "duration" -> duration = Long.parseLong(value);
                        default -> { }
                    }
                } catch (NumberFormatException e) {
                    // a damaged lease counts as expired
                }
            }
            return new Lease(owner, holder, expires, duration);
        }

        private static String hostAndPid() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown host";
            }
            return "process " + ProcessHandle.current().pid() + " on " + host;
        }
    }
}
