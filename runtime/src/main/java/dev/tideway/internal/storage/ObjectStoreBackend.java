package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import dev.tideway.persistence.Retry;
import dev.tideway.spi.Redaction;

/**
 * The common part of the backends on remote object stores (S3, Azure Blob): names are keys under a
 * root prefix, every call is retried by a {@link Retry} policy while it fails transiently, failures
 * become {@link PersistenceException}s naming the store, the object and what to do, with credentials
 * {@linkplain Redaction redacted}, and the lock is a {@link LeaseLock}.
 *
 * <p>A subclass provides raw operations on whole keys; they throw the SDK's exceptions, which
 * {@link #isTransient} classifies.
 */
public abstract class ObjectStoreBackend implements Backend {
    private final String root;
    private final Retry retry;
    private final Duration leaseDuration;
    private final Duration maxLeaseWait;

    /**
     * @param rootPath the key prefix of the location: '/'-separated segments, no leading '/'; empty
     *     for the whole bucket or container
     * @param leaseDuration how long the lock outlives a holder that stopped renewing it
     * @param maxLeaseWait how long {@link #lock()} waits at most for another process's lease to expire
     */
    protected ObjectStoreBackend(String rootPath, Retry retry, Duration leaseDuration, Duration maxLeaseWait) {
        this.root = normalizeRoot(rootPath);
        this.retry = retry;
        this.leaseDuration = leaseDuration;
        this.maxLeaseWait = maxLeaseWait;
    }

    static String normalizeRoot(String rootPath) {
        String path = rootPath == null ? "" : rootPath.strip();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return "";
        }
        ObjectNames.requireValidName(path);
        return path + "/";
    }

    /** The key prefix of every object, empty or ending in '/'. */
    protected final String root() {
        return root;
    }

    /** Writes the whole key, replacing it. */
    protected abstract void rawPut(String key, byte[] data) throws Exception;

    /** Creates the key only if it does not exist; false if it exists. */
    protected abstract boolean rawPutIfAbsent(String key, byte[] data) throws Exception;

    protected abstract Optional<byte[]> rawGet(String key) throws Exception;

    /** All keys starting with {@code keyPrefix}, in any order. */
    protected abstract List<String> rawList(String keyPrefix) throws Exception;

    /** Deletes the key; a missing key is no error. */
    protected abstract void rawDelete(String key) throws Exception;

    protected abstract OptionalLong rawSize(String key) throws Exception;

    /** Whether a failure may pass if the call is made again: timeouts, connection errors, 5xx, throttling. */
    protected abstract boolean isTransient(Exception e);

    /** What to check when the store refuses or is unreachable, for messages. */
    protected abstract String hint(Exception e);

    @Override
    public final void put(String name, byte[] data) {
        String key = key(name);
        call("write", name, () -> {
            rawPut(key, data);
            return null;
        });
    }

    @Override
    public final boolean putIfAbsent(String name, byte[] data) {
        String key = key(name);
        AtomicInteger attempts = new AtomicInteger();
        boolean created = call("create", name, () -> {
            attempts.incrementAndGet();
            return rawPutIfAbsent(key, data);
        });
        if (!created && attempts.get() > 1) {
            // An earlier attempt may have created it and lost only the answer: the object is ours if
            // it holds exactly our bytes (metadata generations are unique in content).
            Optional<byte[]> existing = get(name);
            return existing.isPresent() && Arrays.equals(existing.get(), data);
        }
        return created;
    }

    @Override
    public final Optional<byte[]> get(String name) {
        String key = key(name);
        return call("read", name, () -> rawGet(key));
    }

    @Override
    public final List<String> list(String prefix) {
        ObjectNames.requireValidPrefix(prefix);
        List<String> keys = call("list", prefix + "*", () -> rawList(root + prefix));
        List<String> names = new ArrayList<>(keys.size());
        for (String key : keys) {
            // checked again here: some stores normalize '.' and '..' in a prefix
            if (key.startsWith(root + prefix)) {
                String name = key.substring(root.length());
                if (ObjectNames.isValidName(name)) {  // leaves out lease objects and foreign keys
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public final void delete(String name) {
        String key = key(name);
        call("delete", name, () -> {
            rawDelete(key);
            return null;
        });
    }

    @Override
    public final OptionalLong size(String name) {
        String key = key(name);
        return call("read the size of", name, () -> rawSize(key));
    }

    @Override
    public final StateLock lock() {
        return LeaseLock.acquire(new LeaseLock.Store() {
            @Override
            public boolean create(String key, byte[] data) {
                return call("create lease", key, () -> rawPutIfAbsent(key, data));
            }

            @Override
            public Optional<byte[]> read(String key) {
                return call("read lease", key, () -> rawGet(key));
            }

            @Override
            public void write(String key, byte[] data) {
                call("renew lease", key, () -> {
                    rawPut(key, data);
                    return null;
                });
            }

            @Override
            public void delete(String key) {
                call("delete lease", key, () -> {
                    rawDelete(key);
                    return null;
                });
            }

            @Override
            public List<String> list(String keyPrefix) {
                return call("list leases", keyPrefix + "*", () -> rawList(keyPrefix));
            }
        }, describe(), root + LeaseLock.KEY_PREFIX, leaseDuration, maxLeaseWait);
    }

    @Override
    public String toString() {
        return describe();
    }

    private String key(String name) {
        return root + ObjectNames.requireValidName(name);
    }

    /** Runs a raw operation under the retry policy; every failure becomes a clear PersistenceException. */
    private <T> T call(String action, String name, Callable<T> operation) {
        String what = action + " object " + name + " in " + describe();
        try {
            return retry.call(what, operation, this::isTransient);
        } catch (Retry.GaveUpException e) {
            Exception last = (Exception) e.getCause();
            throw new PersistenceException("cannot " + what + ": " + Redaction.reason(last) + " (" + e.getMessage()
                    + "); " + hint(last) + ". Nothing committed is lost: run again when the store is reachable",
                    Redaction.redacted(last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while trying to " + what, e);
        } catch (RuntimeException e) {
            if (e instanceof PersistenceException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new PersistenceException("cannot " + what + ": " + Redaction.reason(e) + "; " + hint(e),
                    Redaction.redacted(e));
        } catch (Exception e) {
            throw new PersistenceException("cannot " + what + ": " + Redaction.reason(e) + "; " + hint(e),
                    Redaction.redacted(e));
        }
    }
}
