package dev.tideway.internal.s3;

import dev.tideway.persistence.PersistenceException;
import dev.tideway.s3.S3Settings;
import dev.tideway.spi.Redaction;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds S3 clients from {@link S3Settings} and classifies their failures, for the S3 backend and the
 * S3 input connector.
 *
 * <p>The SDK's own retries are off: Tideway's {@link dev.tideway.persistence.Retry} retries
 * whole operations and logs each retry. Against a custom endpoint the SDK sends checksums only where
 * S3 requires them, since S3-compatible stores differ in which they accept.
 */
public final class S3Clients {
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "Throttling",
            "ThrottlingException", "RequestLimitExceeded", "InternalError", "ServiceUnavailable",
            "ConditionalRequestConflict", "OperationAborted");

    private S3Clients() {}

    /** A synchronous client over the Apache HTTP client. */
    public static S3Client create(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .forcePathStyle(settings.pathStyle())
                .region(region(settings));
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        if (settings.accessKeyId().isPresent()) {
            String id = settings.accessKeyId().get();
            String secret = settings.secretAccessKey().orElseThrow();
            builder.credentialsProvider(StaticCredentialsProvider.create(settings.sessionToken()
                    .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                    .orElseGet(() -> AwsBasicCredentials.create(id, secret))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    private static Region region(S3Settings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (settings.endpoint().isPresent()) {
                return Region.US_EAST_1;   // S3-compatible stores mostly ignore it, but requests are signed with one
            }
            throw new PersistenceException("no AWS region for bucket " + settings.bucket() + ": set AWS_REGION, a region"
                    + " in the AWS config file, or S3Settings.withRegion");
        }
    }

    /** Timeouts, connection failures, 5xx and throttling: worth another attempt. */
    public static boolean isTransient(Exception e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return status >= 500 || status == 429 || status == 408 || (code != null && TRANSIENT_CODES.contains(code));
        }
        if (e instanceof SdkClientException) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    return true;
                }
            }
            String message = String.valueOf(e.getMessage());
            return message.contains("timed out") || message.contains("Unable to execute HTTP request");
        }
        return e instanceof IOException;
    }

    /** What to check when S3 fails, for messages. */
    public static String hint(S3Settings settings, Exception e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            if (code.equals("NoSuchBucket")) {
                return "create the bucket " + settings.bucket() + " or fix its name";
            }
            if (status == 403 || status == 401) {
                return "check the credentials and that they may read and write bucket " + settings.bucket();
            }
            if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")) {
                return "check the region of bucket " + settings.bucket();
            }
        }
        if (e instanceof SdkException && !isTransient(e)) {
            return "check the S3 settings (" + settings + ")";
        }
        return "check that " + settings.endpoint().map(Object::toString).orElse("S3") + " is reachable";
    }

    /** A short, redacted reason of a failure. */
    static String reason(Exception e) {
        return Redaction.reason(e);
    }
}
