package dev.tideway.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaTopicAddressTest {
    @Test
    void aKafkaLocationNamesTheBrokersAndTheTopic() {
        assertThat(KafkaTopicAddress.parse("kafka://127.0.0.1:9092/words"))
                .contains(new KafkaTopicAddress("127.0.0.1:9092", "words"));
        assertThat(KafkaTopicAddress.parse("kafka://a:1,b:2/word.counts_v2"))
                .contains(new KafkaTopicAddress("a:1,b:2", "word.counts_v2"));
    }

    @Test
    void otherLocationsAreNotKafka() {
        assertThat(KafkaTopicAddress.parse("/data/words")).isEmpty();
        assertThat(KafkaTopicAddress.parse("s3://bucket/words")).isEmpty();
    }

    @Test
    void aMalformedKafkaLocationIsAUsageErrorThatShowsTheForm() {
        for (String bad : new String[] {"kafka://127.0.0.1/words", "kafka://127.0.0.1:9092", "kafka://127.0.0.1:9092/", "kafka://h:1/a/b"}) {
            assertThatThrownBy(() -> KafkaTopicAddress.parse(bad)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("kafka://HOST:PORT[,HOST:PORT...]/TOPIC").hasMessageContaining(bad);
        }
    }
}
