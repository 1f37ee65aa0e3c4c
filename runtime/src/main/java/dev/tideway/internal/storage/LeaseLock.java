package dev.tideway.internal.storage;

import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of a state location on an object store, which has no operating-system lock: a lease.
 *
 * <p>A lease is an object {@code <root>.lock~<20-digit epoch>} (the '~' keeps it out of every object
 * listing) holding an owner token, the holder's {@linkplain ProcessIdentity identity} (host, boot id,
 * pid namespace, pid, start time) and an expiry time. To lock, a process reads the newest epoch:
 * <ul>
 *   <li>none, or released (deleted): it creates the next epoch with a create-only write;
 *   <li>held by a process that is provably gone (same host, same kernel boot and pid namespace, and
 *       no such process runs: it was killed or crashed): it takes over at once, so that a supervisor
 *       restarting a crashed run (systemd, Kubernetes, a shell loop) is never refused;
 *   <li>held by another run of this process: it is refused at once;
 *   <li>held otherwise (the holder may be alive, or runs elsewhere): it waits until the lease
 *       expires, logging once whom it waits for and until when, and then takes over; if the lease is
 *       still held after {@code maxWait} (its holder is alive and renews it), it is refused with a
 *       message naming the holder, the lease object and when it expires;
 *   <li>expired (its holder crashed or lost the store for a whole lease): it takes over.
 * </ul>
 * A takeover creates the next epoch with a create-only write, so of several takers exactly one wins
 * and the others wait for the winner's lease in turn. A holder that is alive is never taken over
 * while it renews: it renews every third of the lease duration.
 *
 * <p><b>Clocks.</b> A lease counts as expired when its expiry time (written by the holder's clock)
 * is past by the taker's clock, or when the taker has seen the same lease object, unchanged, for a
 * whole lease duration by its own monotonic clock. The first assumes clocks that agree within a few
 * seconds (NTP); the second needs no clock agreement, so a waiting taker never waits more than one
 * lease duration for a holder that stopped renewing, even if the clocks disagree.
 *
 * <p><b>Renewal.</b> A renewal rewrites only the holder's own epoch object, and a takeover creates a
 * new epoch object rather than overwriting one, so a renewal can never overwrite another process's
 * lease; that is why the renewal needs no conditional write (S3 and Azure would offer one by ETag).
 * Before renewing, the holder checks that no newer epoch exists; if one does, another process took
 * over (this one was cut off from the store for longer than a lease) and it logs an error.
 *
 * <p>The lease keeps two runs from working on one location by mistake; it is not what makes commits
 * safe. That is the metadata's create-only generations ({@link MetadataStore}): even a holder that
 * lost its lease without noticing cannot overwrite the new holder's commit, its commit fails.
 */
public final class LeaseLock implements StateLock {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);
    static final String KEY_PREFIX = ".lock~";
    /** The owner tokens of the leases this process holds. */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

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
        HELD_HERE.add(owner);
        this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tideway-lease " + location);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, duration.toMillis() / 3);
        renewal.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of a location, waiting at most {@code maxWait} for another process's lease to
     * expire (see the class comment for when it takes over at once).
     *
     * @param prefix the keys of the leases: the location's root followed by {@link #KEY_PREFIX}
     * @param duration how long this lease outlives this process if it stops renewing it
     * @param maxWait how long to wait at most for a held lease; zero refuses at once
     * @throws PersistenceException if another run of this process holds the lease, or another process
     *     still held it after {@code maxWait}; if interrupted while waiting
     */
    static StateLock acquire(Store store, String location, String prefix, Duration duration, Duration maxWait) {
        String owner = UUID.randomUUID().toString();
        long began = 0;   // when a held lease was first seen: the maximum wait counts from there
        boolean announced = false;
        String seenKey = null;
        byte[] seenData = null;
        long seenSince = 0;
        while (true) {
            TreeSet<Long> epochs = epochs(store, prefix);
            long next = epochs.isEmpty() ? 1 : epochs.last() + 1;
            if (!epochs.isEmpty()) {
                String newest = key(prefix, epochs.last());
                Optional<byte[]> current = store.read(newest);
                if (current.isPresent()) {
                    Lease lease = Lease.parse(current.get(), newest, location);
                    if (HELD_HERE.contains(lease.owner())) {
                        throw new PersistenceException("state location " + location + " is already in use by another run in"
                                + " this process; a state location serves one run at a time");
                    }
                    long now = System.nanoTime();
                    if (!newest.equals(seenKey) || !Arrays.equals(current.get(), seenData)) {
                        seenKey = newest;
                        seenData = current.get();
                        seenSince = now;
                    }
                    boolean expired = lease.expiresAtMillis() <= System.currentTimeMillis()
                            || (lease.durationMillis() > 0 && now - seenSince >= TimeUnit.MILLISECONDS.toNanos(lease.durationMillis()));
                    if (!expired && lease.identity().provablyGone()) {
                        LOG.warn("state location {}: the lease holder, {}, no longer exists (same host, boot and pid namespace;"
                                + " it was killed or crashed): taking over its lease at once", location, lease.holder());
                    } else if (!expired) {
                        if (!announced) {
                            began = now;
                        }
                        long waited = now - began;
                        if ((announced || maxWait.isZero()) && waited >= maxWait.toNanos()) {
                            throw inUse(location, newest, lease, Duration.ofNanos(waited));
                        }
                        if (!announced) {
                            announced = true;
                            LOG.warn("state location {} is locked by {}, which may still be running; waiting for its lease"
                                    + " ({}) to expire at {} (renewed every {} while it runs), at most until {}", location,
                                    lease.holder(), newest, Instant.ofEpochMilli(lease.expiresAtMillis()),
                                    period(lease.durationMillis()), Instant.now().plusNanos(maxWait.toNanos() - waited));
                        }
                        pause(location, Math.max(0, Math.min(maxWait.toNanos() - waited, pollNanos(lease))));
                        continue;
                    } else if (lease.expiresAtMillis() <= System.currentTimeMillis()) {
                        LOG.warn("state location {}: the lease of {} expired at {} without being released (it crashed or lost"
                                + " the store); taking over", location, lease.holder(), Instant.ofEpochMilli(lease.expiresAtMillis()));
                    } else {
                        LOG.warn("state location {}: the lease of {} was not renewed for its whole duration ({} ms by this"
                                + " process's clock; its own clock runs ahead) without being released; taking over", location,
                                lease.holder(), lease.durationMillis());
                    }
                }
            }
            if (store.create(key(prefix, next), Lease.of(owner, duration).encode())) {
                if (announced) {
                    LOG.info("state location {}: locked after waiting {} ms", location,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                }
                for (long old : epochs) {
                    deleteQuietly(store, key(prefix, old));
                }
                return new LeaseLock(store, location, prefix, next, owner, duration);
            }
            // another process created that epoch first: look again, and wait for its lease if needed
        }
    }

    /** How often a waiting taker looks at the lease again: a tenth of the lease, 50 ms to 1 s. */
    private static long pollNanos(Lease lease) {
        long millis = Math.max(50, Math.min(1_000, lease.durationMillis() / 10));
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private static void pause(String location, long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(1, nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while waiting for the lease of state location " + location, e);
        }
    }

    private static PersistenceException inUse(String location, String key, Lease lease, Duration waited) {
        long seconds = Math.max(1, (lease.expiresAtMillis() - System.currentTimeMillis() + 999) / 1000);
        return new PersistenceException("state location " + location + " is in use by another process (" + lease.holder()
                + "; its lease is renewed every " + period(lease.durationMillis()) + " and expires at "
                + Instant.ofEpochMilli(lease.expiresAtMillis()) + "; waited " + waited.toMillis() + " ms for it to expire);"
                + " stop that process, or give this run another state location. If that process is gone, its lease"
                + " expires in " + seconds + " s and the next run takes over; to take over now, delete the object " + key);
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
    public void stopRenewingForTest() {
        renewal.shutdownNow();
        closed = true;
        HELD_HERE.remove(owner);
    }

    /** Lets other runs of this process see this lease as another process's (they wait for it); for tests. */
    public void asIfHeldElsewhereForTest() {
        HELD_HERE.remove(owner);
    }

    /** True once another process took over the lease. */
    public boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        HELD_HERE.remove(owner);
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

    /**
     * The content of a lease object: the header {@link ObjectFormat#LEASE}, then {@code name=value}
     * lines ({@code owner}, {@code holder}, {@code host}, {@code boot}, {@code pidns}, {@code pid},
     * {@code started}, {@code expires}, {@code duration}; times in epoch ms, durations in ms).
     */
    record Lease(String owner, ProcessIdentity identity, long expiresAtMillis, long durationMillis) {
        static Lease of(String owner, Duration duration) {
            return new Lease(owner, ProcessIdentity.current(), System.currentTimeMillis() + duration.toMillis(), duration.toMillis());
        }

        /** The holder, for messages: {@code process 123 on host-a}. */
        String holder() {
            return identity.pid() > 0 ? identity.describe() : "an unknown process";
        }

        byte[] encode() {
            return ObjectFormat.LEASE.prefix(("owner=" + owner + "\nholder=" + holder() + "\nhost=" + identity.host()
                    + "\nboot=" + identity.bootId() + "\npidns=" + identity.pidNamespace() + "\npid=" + identity.pid()
                    + "\nstarted=" + identity.startMillis() + "\nexpires=" + expiresAtMillis + "\nduration=" + durationMillis
                    + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Reads a lease; a damaged or partial one has an unknown holder and counts as expired.
         *
         * @throws ObjectFormat.NewerFormatException if a newer Tideway wrote it: its holder cannot be
         *     judged, and the state it guards cannot be read by this version anyway
         */
        static Lease parse(byte[] data, String key, String location) {
            Map<String, String> fields = new HashMap<>();
            int start;
            try {
                start = ObjectFormat.LEASE.read(data, key, location).bodyStart();
            } catch (DamagedObjectException e) {
                start = data.length;
            }
            for (String line : new String(data, start, data.length - start, StandardCharsets.UTF_8).split("\n")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    fields.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            ProcessIdentity identity = new ProcessIdentity(fields.getOrDefault("host", ""), fields.getOrDefault("boot", ""),
                    fields.getOrDefault("pidns", ""), number(fields.get("pid")), number(fields.get("started")));
            return new Lease(fields.getOrDefault("owner", ""), identity, number(fields.get("expires")),
                    number(fields.get("duration")));
        }

        private static long number(String value) {
            try {
                return value == null ? 0 : Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
