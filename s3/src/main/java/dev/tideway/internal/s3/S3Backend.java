package dev.tideway.internal.s3;

import dev.tideway.s3.S3Settings;
import dev.tideway.internal.storage.ObjectStoreBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link dev.tideway.persistence.Backend} on an S3 bucket (or an S3-compatible store): object
 * {@code a/b} is the key {@code <rootPath>/a/b}.
 *
 * <p>{@link #putIfAbsent} is a conditional write, {@code PutObject} with {@code If-None-Match: *}:
 * S3 creates the key only if it does not exist and answers 412 otherwise, atomically, so of two
 * writers of one metadata generation exactly one wins. An S3-compatible store must support that
 * header (AWS S3 since 2024, MinIO, s3proxy 4); one that ignored it would let both win, which is why
 * the conformance suite tests it against the store used in the tests. Objects above the multipart
 * threshold (16 MiB by default) are uploaded in parts; a failed upload is aborted.
 *
 * <p>The lock is a lease object (see the storage package's {@code LeaseLock}).
 */
public final class S3Backend extends ObjectStoreBackend {
    private final S3Settings settings;
    private final S3Client client;

    /** A backend under {@code rootPath} in the bucket of {@code settings}, which must exist. */
    public S3Backend(String rootPath, S3Settings settings) {
        this(rootPath, settings, S3Clients.create(settings));
    }

    /** As above with a client of the caller's (who closes it). */
    public S3Backend(String rootPath, S3Settings settings, S3Client client) {
        super(rootPath, settings.retry(), settings.leaseDuration(), settings.maxLeaseWait());
        this.settings = settings;
        this.client = client;
    }

    @Override
    protected void rawPut(String key, byte[] data) {
        if (data.length > settings.multipartThreshold()) {
            putMultipart(key, data);
            return;
        }
        client.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromBytes(data));
    }

    private void putMultipart(String key, byte[] data) {
        String bucket = settings.bucket();
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partSize = (int) settings.partSize();
            for (int offset = 0, number = 1; offset < data.length; offset += partSize, number++) {
                byte[] part = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + partSize));
                int partNumber = number;
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);   // the bucket's lifecycle rules clean up parts left behind
            }
            throw e;
        }
    }

    @Override
    protected boolean rawPutIfAbsent(String key, byte[] data) {
        try {
            client.putObject(b -> b.bucket(settings.bucket()).key(key).ifNoneMatch("*"), RequestBody.fromBytes(data));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected Optional<byte[]> rawGet(String key) {
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    protected List<String> rawList(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(keyPrefix)).contents()) {
            keys.add(object.key());
        }
        return keys;
    }

    @Override
    protected void rawDelete(String key) {
        client.deleteObject(b -> b.bucket(settings.bucket()).key(key));
    }

    @Override
    protected OptionalLong rawSize(String key) {
        try {
            return OptionalLong.of(client.headObject(b -> b.bucket(settings.bucket()).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();   // HEAD has no body, so no NoSuchKey code
            }
            throw e;
        }
    }

    @Override
    protected boolean isTransient(Exception e) {
        return S3Clients.isTransient(e);
    }

    @Override
    protected String hint(Exception e) {
        return S3Clients.hint(settings, e);
    }

    /** {@code s3://bucket/root}, and the endpoint when it is not AWS's; never credentials. */
    @Override
    public String describe() {
        String root = root();
        return "s3://" + settings.bucket() + "/" + (root.isEmpty() ? "" : root.substring(0, root.length() - 1))
                + settings.endpoint().map(e -> " at " + e).orElse("");
    }
}
