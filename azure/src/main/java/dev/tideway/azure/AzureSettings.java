package dev.tideway.azure;

import dev.tideway.persistence.Retry;
import dev.tideway.spi.Redaction;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an Azure Blob Storage container: the container, the credentials (an
 * account's name and key, or a connection string with a key or a shared access signature), and
 * the retries and lease of the backend. Used by {@link AzureStorage#backend}.
 *
 * <pre>{@code
 * AzureSettings azure = AzureSettings.accountKey("myaccount", System.getenv("AZURE_STORAGE_KEY"), "state");
 * AzureSettings fromEnv = AzureSettings.fromEnvironment("state");      // AZURE_STORAGE_CONNECTION_STRING
 * AzureSettings patient = azure.withLeaseDuration(Duration.ofSeconds(60)).withMaxLeaseWait(Duration.ofMinutes(2));
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} never shows a key or a signature, and the secrets given are kept
 * out of every message Tideway writes.
 */
public final class AzureSettings {
    private final String container;
    private final String account;
    private final String accountKey;
    private final String connectionString;
    private final Retry retry;
    private final Duration leaseDuration;
    private final Duration maxLeaseWait;
    private final Duration tryTimeout;

    private AzureSettings(String container, String account, String accountKey, String connectionString, Retry retry,
            Duration leaseDuration, Duration maxLeaseWait, Duration tryTimeout) {
        this.container = container;
        this.account = account;
        this.accountKey = accountKey;
        this.connectionString = connectionString;
        this.retry = retry;
        this.leaseDuration = leaseDuration;
        this.maxLeaseWait = maxLeaseWait;
        this.tryTimeout = tryTimeout;
    }

    /**
     * A container of the account {@code account} on Azure ({@code https://ACCOUNT.blob.core.windows.net}),
     * reached with one of the account's keys; the {@linkplain Retry#defaults() default retries}, a
     * 30 s lease and 60 s for one request.
     *
     * @throws IllegalArgumentException for an invalid container name
     */
    public static AzureSettings accountKey(String account, String key, String container) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(key, "key");
        Redaction.register(key);
        return new AzureSettings(checkContainer(container), account, key, null, Retry.defaults(), Duration.ofSeconds(30), null,
                Duration.ofSeconds(60));
    }

    /**
     * A container reached with a storage connection string (with an {@code AccountKey} or a
     * {@code SharedAccessSignature}, and a {@code BlobEndpoint} for an emulator such as Azurite).
     *
     * @throws IllegalArgumentException for an invalid container name
     */
    public static AzureSettings connectionString(String connectionString, String container) {
        Objects.requireNonNull(connectionString, "connectionString");
        for (String part : connectionString.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && (part.startsWith("AccountKey") || part.startsWith("SharedAccessSignature"))) {
                Redaction.register(part.substring(equals + 1));
            }
        }
        return new AzureSettings(checkContainer(container), null, null, connectionString, Retry.defaults(),
                Duration.ofSeconds(30), null, Duration.ofSeconds(60));
    }

    /** {@link #connectionString} with the value of {@code AZURE_STORAGE_CONNECTION_STRING}. */
    public static AzureSettings fromEnvironment(String container) {
        return fromEnvironment(container, System.getenv());
    }

    /**
     * As {@link #fromEnvironment(String)}, from the variables of {@code environment}.
     *
     * @throws IllegalArgumentException if {@code AZURE_STORAGE_CONNECTION_STRING} is not set, or the
     *     container name is invalid
     */
    public static AzureSettings fromEnvironment(String container, Map<String, String> environment) {
        String connection = environment.get("AZURE_STORAGE_CONNECTION_STRING");
        if (connection == null || connection.isBlank()) {
            throw new IllegalArgumentException("Azure container " + container + " needs AZURE_STORAGE_CONNECTION_STRING: set it"
                    + " to the connection string of the storage account");
        }
        return connectionString(connection.strip(), container);
    }

    /** How transient failures are retried. */
    public AzureSettings withRetry(Retry value) {
        return new AzureSettings(container, account, accountKey, connectionString, Objects.requireNonNull(value, "value"),
                leaseDuration, maxLeaseWait, tryTimeout);
    }

    /**
     * How long the lock of a state location outlives its holder if that crashes (renewed every third
     * of it while the holder runs).
     *
     * @throws IllegalArgumentException below 1 s
     */
    public AzureSettings withLeaseDuration(Duration value) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a lease must last at least 1 s, not " + value);
        }
        return new AzureSettings(container, account, accountKey, connectionString, retry, value, maxLeaseWait, tryTimeout);
    }

    /**
     * How long taking the lock waits at most for the lease of another process to expire; by default
     * the lease and a third of it. {@link Duration#ZERO} refuses at once. As
     * {@code S3Settings.withMaxLeaseWait}.
     *
     * @throws IllegalArgumentException for a negative wait
     */
    public AzureSettings withMaxLeaseWait(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("a maximum wait for a lease cannot be negative: " + value);
        }
        return new AzureSettings(container, account, accountKey, connectionString, retry, leaseDuration, value, tryTimeout);
    }

    /** The time one request may take (whole seconds; at least 1 s). */
    public AzureSettings withTryTimeout(Duration value) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a request needs at least 1 s, not " + value);
        }
        return new AzureSettings(container, account, accountKey, connectionString, retry, leaseDuration, maxLeaseWait, value);
    }

    public String container() {
        return container;
    }

    /** The account of {@link #accountKey}; empty for a connection string. */
    public Optional<String> account() {
        return Optional.ofNullable(account);
    }

    /** For building clients only; never print it. */
    public Optional<String> accountKey() {
        return Optional.ofNullable(accountKey);
    }

    /** For building clients only; never print it. */
    public Optional<String> connectionString() {
        return Optional.ofNullable(connectionString);
    }

    public Retry retry() {
        return retry;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** See {@link #withMaxLeaseWait}: the one given, or the lease and a third of it. */
    public Duration maxLeaseWait() {
        return maxLeaseWait != null ? maxLeaseWait : leaseDuration.plus(leaseDuration.dividedBy(3));
    }

    public Duration tryTimeout() {
        return tryTimeout;
    }

    /** The container and how it is reached; never a key or a signature. */
    @Override
    public String toString() {
        return "AzureSettings[container " + container + (account != null ? ", account " + account + " with a key"
                : ", a connection string") + ", lease " + leaseDuration.toSeconds() + " s]";
    }

    private static String checkContainer(String name) {
        Objects.requireNonNull(name, "container");
        if (!name.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid Azure container name \"" + name
                    + "\": use 3 to 63 lowercase letters, digits and single '-', starting and ending with a letter or digit");
        }
        return name;
    }
}
