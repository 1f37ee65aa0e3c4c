package dev.tideway.internal.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.internal.storage.ObjectStoreBackend;
import dev.tideway.spi.Redaction;
import dev.tideway.persistence.Retry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * A {@link dev.tideway.persistence.Backend} on an Azure Blob Storage container: object {@code a/b}
 * is the block blob {@code <rootPath>/a/b}. The container is created if it does not exist.
 *
 * <p>{@link #putIfAbsent} uploads with {@code If-None-Match: *}, which Azure applies atomically: the
 * blob is created only if none exists (409 or 412 otherwise), so of two writers of one metadata
 * generation exactly one wins. Blobs above 16 MiB are uploaded as 8 MiB blocks committed at once,
 * so readers never see a partial blob. The lock is a lease object, as on S3 (the storage package's
 * {@code LeaseLock}), not Azure's blob leases, so both stores behave alike.
 */
public final class AzureBackend extends ObjectStoreBackend {
    private static final long SINGLE_UPLOAD = 16L << 20;
    private static final long BLOCK = 8L << 20;

    private final BlobContainerClient container;
    private final String account;
    private final String endpoint;
    private final ParallelTransferOptions transfer = new ParallelTransferOptions()
            .setMaxSingleUploadSizeLong(SINGLE_UPLOAD).setBlockSizeLong(BLOCK).setMaxConcurrency(2);

    /**
     * Retries and lease of an Azure backend: the lease duration, how long taking the lock waits at
     * most for another process's lease to expire ({@code null}: the lease plus one renewal period,
     * as {@link dev.tideway.s3.S3Settings#withMaxLeaseWait}), and the time for one request.
     */
    public record Options(Retry retry, Duration leaseDuration, Duration tryTimeout, Duration maxLeaseWait) {
        public Options {
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(leaseDuration, "leaseDuration");
            Objects.requireNonNull(tryTimeout, "tryTimeout");
            if (maxLeaseWait != null && maxLeaseWait.isNegative()) {
                throw new IllegalArgumentException("a maximum wait for a lease cannot be negative: " + maxLeaseWait);
            }
        }

        public Options(Retry retry, Duration leaseDuration, Duration tryTimeout) {
            this(retry, leaseDuration, tryTimeout, null);
        }

        /** The default retries, a 30 s lease, waits of at most 40 s for a lease, 60 s for one request. */
        public static Options defaults() {
            return new Options(Retry.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(60));
        }

        public Options withRetry(Retry value) {
            return new Options(value, leaseDuration, tryTimeout, maxLeaseWait);
        }

        public Options withLeaseDuration(Duration value) {
            return new Options(retry, value, tryTimeout, maxLeaseWait);
        }

        public Options withMaxLeaseWait(Duration value) {
            return new Options(retry, leaseDuration, tryTimeout, Objects.requireNonNull(value, "value"));
        }

        /** The maximum wait in force: the one given, or the lease plus a third of it. */
        public Duration effectiveMaxLeaseWait() {
            return maxLeaseWait != null ? maxLeaseWait : leaseDuration.plus(leaseDuration.dividedBy(3));
        }
    }

    private AzureBackend(String rootPath, BlobServiceClient service, String containerName, Options options) {
        super(rootPath, options.retry(), options.leaseDuration(), options.effectiveMaxLeaseWait());
        this.container = service.getBlobContainerClient(containerName);
        this.account = service.getAccountName();
        String url = service.getAccountUrl();
        this.endpoint = url.endsWith(".blob.core.windows.net") || url.endsWith(".blob.core.windows.net/") ? null
                : Redaction.redact(url);
        createContainer(containerName, options.retry());
    }

    /** A backend reached with a storage account's name and key. */
    public static AzureBackend withAccountKey(String rootPath, String account, String key, String containerName,
            Options options) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(key, "key");
        Redaction.register(key);
        BlobServiceClient service = builder(options)
                .endpoint("https://" + account + ".blob.core.windows.net")
                .credential(new StorageSharedKeyCredential(account, key))
                .buildClient();
        return new AzureBackend(rootPath, service, checkContainer(containerName), options);
    }

    /** A backend reached with a connection string (account key or shared access signature). */
    public static AzureBackend withConnectionString(String rootPath, String connectionString, String containerName,
            Options options) {
        Objects.requireNonNull(connectionString, "connectionString");
        for (String part : connectionString.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && (part.startsWith("AccountKey") || part.startsWith("SharedAccessSignature"))) {
                Redaction.register(part.substring(equals + 1));
            }
        }
        BlobServiceClient service;
        try {
            service = builder(options).connectionString(connectionString).buildClient();
        } catch (IllegalArgumentException e) {
            throw new PersistenceException("invalid Azure storage connection string: " + Redaction.reason(e)
                    + "; copy it from the storage account's access keys");
        }
        return new AzureBackend(rootPath, service, checkContainer(containerName), options);
    }

    private static BlobServiceClientBuilder builder(Options options) {
        // One try per call here: Tideway's Retry retries whole operations and logs each retry.
        return new BlobServiceClientBuilder().retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 1,
                (int) options.tryTimeout().toSeconds(), null, null, null));
    }

    private static String checkContainer(String name) {
        Objects.requireNonNull(name, "container");
        if (!name.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid Azure container name \"" + name
                    + "\": use 3 to 63 lowercase letters, digits and single '-', starting and ending with a letter or digit");
        }
        return name;
    }

    private void createContainer(String name, Retry retry) {
        String what = "create container " + name + " of " + describe();
        try {
            retry.call(what, container::createIfNotExists, this::isTransient);
        } catch (Retry.GaveUpException e) {
            Exception last = (Exception) e.getCause();
            throw new PersistenceException("cannot " + what + ": " + Redaction.reason(last) + " (" + e.getMessage()
                    + "); " + hint(last), Redaction.redacted(last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while trying to " + what, e);
        } catch (Exception e) {
            throw new PersistenceException("cannot " + what + ": " + Redaction.reason(e) + "; " + hint(e),
                    Redaction.redacted(e));
        }
    }

    @Override
    protected void rawPut(String key, byte[] data) {
        container.getBlobClient(key).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                .setParallelTransferOptions(transfer), null, Context.NONE);
    }

    @Override
    protected boolean rawPutIfAbsent(String key, byte[] data) {
        try {
            container.getBlobClient(key).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                    .setParallelTransferOptions(transfer)
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected Optional<byte[]> rawGet(String key) {
        try {
            return Optional.of(container.getBlobClient(key).downloadContent().toBytes());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    protected List<String> rawList(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(keyPrefix), null)) {
            keys.add(item.getName());
        }
        return keys;
    }

    @Override
    protected void rawDelete(String key) {
        container.getBlobClient(key).deleteIfExists();
    }

    @Override
    protected OptionalLong rawSize(String key) {
        BlobClient blob = container.getBlobClient(key);
        try {
            return OptionalLong.of(blob.getProperties().getBlobSize());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /** 5xx, 408 and 429 answers, and failures to connect or to get an answer in time. */
    @Override
    protected boolean isTransient(Exception e) {
        if (e instanceof HttpResponseException response) {
            int status = response.getResponse() == null ? 0 : response.getResponse().getStatusCode();
            return status >= 500 || status == 429 || status == 408;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected String hint(Exception e) {
        if (e instanceof HttpResponseException response && response.getResponse() != null) {
            int status = response.getResponse().getStatusCode();
            if (status == 403 || status == 401) {
                return "check the account key or connection string, and that it may read and write container "
                        + container.getBlobContainerName();
            }
        }
        return "check that " + (endpoint == null ? "Azure Blob Storage" : endpoint) + " is reachable";
    }

    /** {@code azure://account/container/root}, and the endpoint when it is not Azure's; never credentials. */
    @Override
    public String describe() {
        String root = root();
        return "azure://" + account + "/" + container.getBlobContainerName() + "/"
                + (root.isEmpty() ? "" : root.substring(0, root.length() - 1)) + (endpoint == null ? "" : " at " + endpoint);
    }
}
