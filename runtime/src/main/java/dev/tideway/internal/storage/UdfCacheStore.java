package dev.tideway.internal.storage;

import dev.tideway.internal.engine.UdfCache;
import dev.tideway.persistence.Backend;
import dev.tideway.schema.CodecException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caches of caching UDFs ({@code Exprs.applyCached}) as objects {@code udf-cache/<name>}: the
 * header {@link ObjectFormat#UDF_CACHE}, then one frame holding the cache's body ({@link UdfCache}
 * gives its layout). Each is overwritten whole when its cache changed, with the snapshot.
 *
 * <p>A cache is only a cache: one that is damaged, was written for other types, or by another
 * function (its code or version changed) is started empty with a warning, never an error. One
 * written by a newer Tideway is refused, as every object is.
 *
 * <pre>{@code
 * UdfCacheStore caches = new UdfCacheStore(backend);
 * caches.load(cache);                  // at start
 * if (cache.dirty()) caches.write(cache);
 * }</pre>
 */
public final class UdfCacheStore {
    private static final Logger LOG = LoggerFactory.getLogger(UdfCacheStore.class);
    /** Where the caches are, in the snapshot storage. */
    public static final String PREFIX = "udf-cache/";

    private final Backend backend;

    public UdfCacheStore(Backend backend) {
        this.backend = backend;
    }

    /** The object name of a cache. */
    public static String objectName(String cacheName) {
        return PREFIX + ObjectNames.requireValidId("UDF cache name", cacheName);
    }

    /**
     * Loads the persisted entries of {@code cache}, if there are any it can use.
     *
     * @return whether entries were loaded
     * @throws ObjectFormat.NewerFormatException if the object was written by a newer Tideway
     */
    public boolean load(UdfCache<?, ?> cache) {
        String name = objectName(cache.name());
        Optional<byte[]> data = backend.get(name);
        if (data.isEmpty()) {
            return false;
        }
        try {
            ObjectFormat.Header header = ObjectFormat.UDF_CACHE.read(data.get(), name, backend.describe());
            FrameScan scan = FrameReader.scan(data.get(), header.bodyStart());
            if (!scan.isComplete() || scan.records().size() != 1) {
                LOG.warn("the cache of UDF \"{}\" ({} in {}) is damaged ({}); starting it empty", cache.name(), name,
                        backend.describe(), scan.cutReason().orElse(scan.records().size() + " frames instead of 1"));
                return false;
            }
            UdfCache.Load result = cache.load(scan.records().get(0), header.format());
            switch (result) {
                case OTHER_TYPES -> LOG.warn("the cache of UDF \"{}\" in {} was written for other argument or result types;"
                        + " starting it empty", cache.name(), backend.describe());
                case OTHER_FUNCTION -> LOG.info("the cache of UDF \"{}\" in {} holds the results of another version of its"
                        + " function (its code or version changed); starting it empty", cache.name(), backend.describe());
                case LOADED -> { }
            }
            return result == UdfCache.Load.LOADED;
        } catch (DamagedObjectException | CodecException e) {
            LOG.warn("the cache of UDF \"{}\" in {} cannot be read ({}); starting it empty", cache.name(), backend.describe(),
                    e.getMessage());
            return false;
        }
    }

    /** Writes the cache whole, durable when this returns. */
    public void write(UdfCache<?, ?> cache) {
        backend.put(objectName(cache.name()), ObjectFormat.UDF_CACHE.prefix(Frames.frame(cache.encode())));
    }
}
