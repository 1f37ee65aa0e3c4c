package dev.tideway.internal.io.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.internal.engine.Changes;
import dev.tideway.io.Person;
import dev.tideway.io.Person_;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscribeSinkTest {
    @Test
    void callsBackForEveryChangeAndOnceAtTheEnd() {
        List<String> calls = new ArrayList<>();
        SubscribeSink<Person> sink = new SubscribeSink<>(
                (key, row, time, isAddition) -> calls.add(key + " " + row.name() + " " + time + " " + isAddition),
                () -> calls.add("end"));
        sink.open(-1);
        Changes changes = new Changes();
        changes.add(11, Person.of("a", 1), 1);
        changes.add(12, Person.of("b", 2), -1);
        sink.write(3, changes.asBatch(), Person_.SCHEMA);
        assertThat(sink.commit()).isEqualTo(-1);
        sink.close();
        sink.close();
        assertThat(calls).containsExactly("11 a 3 true", "12 b 3 false", "end");
    }
}
