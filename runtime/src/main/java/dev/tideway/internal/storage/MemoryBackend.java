package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Backend} in memory, for tests. Objects are copied in and out, so callers cannot change
 * stored bytes. The lock is per instance: one holder at a time.
 */
public final class MemoryBackend implements Backend {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final AtomicBoolean locked = new AtomicBoolean();
    private final String description = "memory:" + Integer.toHexString(System.identityHashCode(this));

    @Override
    public void put(String name, byte[] data) {
        objects.put(ObjectNames.requireValidName(name), data.clone());
    }

    @Override
    public boolean putIfAbsent(String name, byte[] data) {
        return objects.putIfAbsent(ObjectNames.requireValidName(name), data.clone()) == null;
    }

    @Override
    public Optional<byte[]> get(String name) {
        byte[] data = objects.get(ObjectNames.requireValidName(name));
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public List<String> list(String prefix) {
        ObjectNames.requireValidPrefix(prefix);
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : objects.tailMap(prefix, true).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            names.add(entry.getKey());
        }
        return names;
    }

    @Override
    public void delete(String name) {
        objects.remove(ObjectNames.requireValidName(name));
    }

    @Override
    public OptionalLong size(String name) {
        byte[] data = objects.get(ObjectNames.requireValidName(name));
        return data == null ? OptionalLong.empty() : OptionalLong.of(data.length);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public StateLock lock() {
        if (!locked.compareAndSet(false, true)) {
            throw new PersistenceException("state location " + description
                    + " is already locked by another run; close the other run's lock first");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                locked.set(false);
            }
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
