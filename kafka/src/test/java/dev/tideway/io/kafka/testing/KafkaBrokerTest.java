package dev.tideway.io.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test broker starts, keeps its topics across a restart on the same port, and stops. */
@Tag("slow")
class KafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void aRestartedBrokerKeepsItsPortAndTopics() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            broker.createTopic("t", 2);
            String address = broker.bootstrapServers();
            broker.restart();
            assertThat(broker.bootstrapServers()).isEqualTo(address);
            try (Admin admin = broker.admin()) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("t");
            }
        }
    }
}
