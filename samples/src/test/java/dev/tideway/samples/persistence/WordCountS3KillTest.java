package dev.tideway.samples.persistence;

import dev.tideway.s3.testing.S3TestServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** The SIGKILL loop with the state in S3: s3proxy in this JVM, reached by the children at {@code AWS_ENDPOINT_URL}. */
class WordCountS3KillTest extends WordCountObjectStoreKillTest {
    private static final String BUCKET = "state";
    private static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    List<String> stateArgs(String prefix) {
        return List.of("--state", "s3://" + BUCKET + "/" + prefix);
    }

    @Override
    Map<String, String> storeEnvironment() {
        String nowhere = work.resolve("no-aws-config").toString(); // not the user's ~/.aws
        return Map.of("AWS_ENDPOINT_URL", server.uri().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
                "AWS_CONFIG_FILE", nowhere, "AWS_SHARED_CREDENTIALS_FILE", nowhere, "AWS_EC2_METADATA_DISABLED", "true");
    }

    @Override
    List<String> secrets() {
        return List.of(S3TestServer.SECRET_KEY);
    }

    @Override
    Map<String, byte[]> stateObjects(String prefix) {
        Map<String, byte[]> objects = new TreeMap<>();
        try (S3Client client = server.client()) {
            client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix + "/")).contents().forEach(o -> objects.put(
                    o.key(), client.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key())).asByteArray()));
        }
        return objects;
    }

    @Override
    List<String> inheritedPrefixes() {
        return List.of("AWS_");
    }
}
