package dev.tideway.io.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.internal.engine.Graph;
import dev.tideway.spi.InputConnector;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import dev.tideway.io.RecordingUnits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushSourceTest {
    @AfterEach
    void forgetTheGraph() {
        Graph.detachCurrent();
    }

    @Test
    void rowsPushedFromAnotherThreadArriveInOrderAndTheSourceEndsWhenClosedAndDrained() throws Exception {
        PushSource<Person> source = PushSource.create(Person_.SCHEMA);
        assertThat(source.table().schema()).isSameAs(Person_.SCHEMA);
        InputConnector<Person> connector = source.connector();
        assertThat(connector.streaming()).isTrue();

        Thread pusher = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                source.insert(Person.of("p" + i, i));
            }
            source.delete(Person.of("p0", 0));
            source.close();
        });
        pusher.start();

        List<String> seen = new ArrayList<>();
        RecordingUnits<Person> units = new RecordingUnits<>();
        while (connector.streaming()) {
            units.poll(connector);
            seen.addAll(units.events);
        }
        pusher.join();

        assertThat(seen).hasSize(1001);
        assertThat(seen.get(0)).isEqualTo("+" + Person.of("p0", 0));
        assertThat(seen.get(999)).isEqualTo("+" + Person.of("p999", 999));
        assertThat(seen.get(1000)).isEqualTo("-" + Person.of("p0", 0));
        assertThat(source.finished()).isTrue();
        assertThat(units.replaced).isEmpty();
    }

    @Test
    void pushingAfterCloseIsRefused() {
        PushSource<Person> source = PushSource.create(Person_.SCHEMA, "people");
        source.close();
        source.close();
        assertThatThrownBy(() -> source.insert(Person.of("late", 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theSourceIsStreamingUntilClosed() throws Exception {
        PushSource<Person> source = PushSource.create(Person_.SCHEMA);
        RecordingUnits<Person> units = new RecordingUnits<>();
        units.poll(source.connector());
        assertThat(source.connector().streaming()).isTrue();
        source.insert(Person.of("a", 1));
        source.close();
        units.poll(source.connector());
        assertThat(units.events).containsExactly("+" + Person.of("a", 1));
        assertThat(source.connector().streaming()).isFalse();
        assertThat(source.connector().location()).isEqualTo("push:Person");
    }
}
