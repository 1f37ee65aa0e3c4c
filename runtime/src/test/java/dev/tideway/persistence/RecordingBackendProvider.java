package dev.tideway.persistence;

import dev.tideway.spi.BackendProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider of the {@code recording://} scheme, declared in this module's test
 * {@code META-INF/services}: it opens an in-memory backend per location and keeps it, so a test can
 * check that {@link Backend#at} handed out the provider's backend.
 */
public final class RecordingBackendProvider implements BackendProvider {
    static final Map<String, Backend> OPENED = new ConcurrentHashMap<>();
    static final Map<String, Map<String, String>> ENVIRONMENTS = new ConcurrentHashMap<>();

    @Override
    public String scheme() {
        return "recording";
    }

    @Override
    public Backend open(String location, Map<String, String> environment) {
        ENVIRONMENTS.put(location, Map.copyOf(environment));
        return OPENED.computeIfAbsent(location, ignored -> Backend.memory());
    }
}
