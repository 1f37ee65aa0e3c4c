package dev.tideway.internal.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.persistence.StateLock;
import dev.tideway.s3.testing.S3TestServer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.tideway.contract.BackendContractTest;
import dev.tideway.internal.storage.LeaseLock;

/** The backend contract on a real S3 API (s3proxy), plus what only object stores have. */
@Tag("slow")
class S3BackendTest extends BackendContractTest {
    private static final String BUCKET = "tideway-test";
    private static S3TestServer server;
    private static int count;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Backend backend() {
        return new S3Backend("runs/state-" + count++, server.settings(BUCKET).withMultipart(6L << 20, 5L << 20));
    }

    @Override
    protected Backend sameLocation(Backend backend) {
        String root = backend.describe().substring(("s3://" + BUCKET + "/").length()).replaceAll(" at .*", "");
        return new S3Backend(root, server.settings(BUCKET));
    }

    @Test
    void describeNamesBucketPrefixAndEndpointButNoCredentials() {
        Backend backend = new S3Backend("/a/b/", server.settings(BUCKET));
        assertThat(backend.describe()).isEqualTo("s3://" + BUCKET + "/a/b at " + server.uri());
        assertThat(backend.describe() + server.settings(BUCKET)).doesNotContain(S3TestServer.SECRET_KEY);
    }

    @Test
    void largeObjectsAreUploadedInPartsAndReadBackWhole() {
        Backend backend = new S3Backend("multipart", server.settings(BUCKET).withMultipart(5L << 20, 5L << 20));
        byte[] data = new byte[(11 << 20) + 5];
        new Random(7).nextBytes(data);
        backend.put("snapshots/1/big", data);
        assertThat(backend.get("snapshots/1/big").orElseThrow()).isEqualTo(data);
        assertThat(backend.list("snapshots/")).containsExactly("snapshots/1/big");
    }

    @Test
    void wrongCredentialsFailClearlyWithoutRetriesAndWithoutTheSecret() {
        Backend backend = new S3Backend("denied", server.settings(BUCKET).withCredentials(S3TestServer.ACCESS_KEY,
                "wrong-" + S3TestServer.SECRET_KEY));
        assertThatThrownBy(() -> backend.put("x", new byte[1]))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("s3://" + BUCKET + "/denied")
                .hasMessageContaining("object x")
                .hasMessageContaining("credentials")
                .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(S3TestServer.SECRET_KEY));
    }

    @Test
    void aMissingBucketIsNamed() {
        Backend backend = new S3Backend("", server.settings("no-such-bucket"));
        assertThatThrownBy(() -> backend.get("x"))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("no-such-bucket");
    }

    @Test
    void aStaleLeaseOfALiveProcessIsWaitedForAndTakenOverWhenItExpires() {
        Duration lease = Duration.ofSeconds(2);
        S3Backend crashed = new S3Backend("stale", server.settings(BUCKET).withLeaseDuration(lease));
        LeaseLock held = (LeaseLock) crashed.lock();
        held.stopRenewingForTest();        // as if hung: this process still runs, so it is not provably gone
        long expiry = System.currentTimeMillis() + lease.toMillis();
        S3Backend impatient = new S3Backend("stale", server.settings(BUCKET).withLeaseDuration(lease).withMaxLeaseWait(Duration.ZERO));
        assertThatThrownBy(impatient::lock).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("s3://" + BUCKET + "/stale")
                .hasMessageContaining("process " + ProcessHandle.current().pid())
                .hasMessageContaining("delete the object stale/.lock~");
        S3Backend next = new S3Backend("stale", server.settings(BUCKET).withLeaseDuration(lease));
        try (StateLock taken = next.lock()) {   // waits, by default up to the lease and a third
            assertThat(System.currentTimeMillis()).as("not before the lease expired").isGreaterThanOrEqualTo(expiry - 50);
            assertThat(next.list("")).isEmpty();
        }
    }

    @Test
    void aHeldLeaseIsRenewedPastItsDurationAndNeverTakenOver() {
        // long enough that a renewal (every third of the lease) survives a loaded machine, short enough to wait past
        Duration lease = Duration.ofSeconds(3);
        S3Backend first = new S3Backend("renewed", server.settings(BUCKET).withLeaseDuration(lease));
        try (StateLock lock = first.lock()) {
            ((LeaseLock) lock).asIfHeldElsewhereForTest();   // a live holder that the taker cannot prove gone
            S3Backend taker = new S3Backend("renewed", server.settings(BUCKET).withMaxLeaseWait(Duration.ofMillis(4_500)));
            assertThatThrownBy(taker::lock).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("is in use by another process").hasMessageContaining("waited 4");
            assertThat(((LeaseLock) lock).lost()).isFalse();
        }
    }
}
