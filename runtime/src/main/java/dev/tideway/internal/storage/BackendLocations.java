package dev.tideway.internal.storage;

import dev.tideway.persistence.Backend;
import dev.tideway.spi.BackendProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a state location string to its backend, for {@link Backend#at}: a path is a folder, a
 * {@code scheme://} goes to the {@link BackendProvider} of that scheme found by the
 * {@link ServiceLoader}, and a scheme of Tideway's whose artifact is missing is an error naming it.
 */
public final class BackendLocations {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    /** The artifacts that bring Tideway's own schemes, to name when one is missing. */
    private static final Map<String, String> ARTIFACTS = Map.of(
            "s3", "dev.tideway:tideway-s3 (module dev.tideway.s3)",
            "azure", "dev.tideway:tideway-azure (module dev.tideway.azure)");

    private BackendLocations() {}

    /** See {@link Backend#at(String, Map)}. */
    public static Backend open(String location, Map<String, String> environment) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(environment, "environment");
        Matcher scheme = SCHEME.matcher(location);
        if (!scheme.matches()) {
            return Backend.filesystem(Path.of(location));
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (name.equals("file")) {
            return Backend.filesystem(Path.of(URI.create(location)));
        }
        Map<String, BackendProvider> providers = new LinkedHashMap<>();
        List<String> broken = new ArrayList<>();
        Iterator<BackendProvider> found = ServiceLoader.load(BackendProvider.class).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                BackendProvider provider = found.next();
                providers.putIfAbsent(provider.scheme().toLowerCase(Locale.ROOT), provider);
            } catch (ServiceConfigurationError e) {
                broken.add(e.getMessage());   // a provider whose own dependencies are missing: said below if it matters
            }
        }
        BackendProvider provider = providers.get(name);
        if (provider != null) {
            return provider.open(location, environment);
        }
        String unloadable = broken.isEmpty() ? "" : " (providers that could not be loaded: " + String.join("; ", broken) + ")";
        String artifact = ARTIFACTS.get(name);
        if (artifact != null) {
            throw new IllegalArgumentException("state location " + location + " needs the artifact " + artifact
                    + ", which opens " + name + ":// locations; add it to the class path or module path (with"
                    + " tideway-bom imported, no version is needed)" + unloadable);
        }
        List<String> known = new ArrayList<>();
        known.add("a folder");
        providers.keySet().forEach(known::add);
        throw new IllegalArgumentException("unknown scheme " + name + ":// in state location " + location + "; give "
                + String.join(", ", known.stream().map(k -> k.equals("a folder") ? k : k + "://...").toList())
                + " (s3:// needs tideway-s3, azure:// tideway-azure; another store needs an artifact with a"
                + " dev.tideway.spi.BackendProvider for " + name + "://)" + unloadable);
    }
}
