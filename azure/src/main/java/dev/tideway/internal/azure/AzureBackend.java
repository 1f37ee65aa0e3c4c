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
import dev.tideway.azure.AzureSettings;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.internal.storage.ObjectStoreBackend;
import dev.tideway.spi.Redaction;
import dev.tideway.persistence.Retry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    private AzureBackend(String rootPath, BlobServiceClient service, AzureSettings settings) {
        super(rootPath, settings.retry(), settings.leaseDuration(), settings.maxLeaseWait());
        this.container = service.getBlobContainerClient(settings.container());
        this.account = service.getAccountName();
        String url = service.getAccountUrl();
        this.endpoint = url.endsWith(".blob.core.windows.net") || url.endsWith(".blob.core.windows.net/") ? null
                : Redaction.redact(url);
        createContainer(settings.container(), settings.retry());
    }

    /**
     * A backend under {@code rootPath} of the container of {@code settings}, reached with its
     * account key or its connection string; the container is created if missing.
     *
     * @throws PersistenceException if the connection string is invalid or the container cannot be created
     */
    public static AzureBackend of(String rootPath, AzureSettings settings) {
        BlobServiceClientBuilder builder = builder(settings);
        BlobServiceClient service;
        if (settings.accountKey().isPresent()) {
            String account = settings.account().orElseThrow();
            service = builder.endpoint("https://" + account + ".blob.core.windows.net")
                    .credential(new StorageSharedKeyCredential(account, settings.accountKey().get()))
                    .buildClient();
        } else {
            try {
                service = builder.connectionString(settings.connectionString().orElseThrow()).buildClient();
            } catch (IllegalArgumentException e) {
                throw new PersistenceException("invalid Azure storage connection string: " + Redaction.reason(e)
                        + "; copy it from the storage account's access keys");
            }
        }
        return new AzureBackend(rootPath, service, settings);
    }

    private static BlobServiceClientBuilder builder(AzureSettings settings) {
        // One try per call here: Tideway's Retry retries whole operations and logs each retry.
        return new BlobServiceClientBuilder().retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 1,
                (int) settings.tryTimeout().toSeconds(), null, null, null));
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
