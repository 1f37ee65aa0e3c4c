package dev.tideway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.annotations.PersistentSource;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.io.text.TextLine;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@code @PersistentSource} method whose class was never processed: there is no binding subclass at all. */
class PersistentSourceCallTest {
    /**
     * Compiled without the Tideway processor (the runtime's own tests do not run it, unlike
     * runtime-tests): no PersistentSourceCallTest_People_Persistent exists.
     */
    static class People {
        @PersistentSource(id = "people")
        Table<TextLine> people() {
            PushSource<TextLine> source = PushSource.create(TextLine.SCHEMA);
            source.close();
            return source.table();
        }
    }

    @AfterEach
    void emptyTheThreadsPipeline() {
        Graph.detachCurrent();
    }

    @Test
    void aMissingBindingSaysThatTheProcessorDidNotRun() {
        Subscribe.subscribe(new People().people(), (key, row, time, isAddition) -> {});
        assertThatThrownBy(() -> Tideway.run(RunConfig.defaults().withHandleSignals(false)
                        .withPersistence(PersistenceConfig.of(Backend.memory()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is created by dev.tideway.internal.engine.PersistentSourceCallTest.People.people(), a"
                        + " @PersistentSource(id = \"people\") method, but dev.tideway.internal.engine.PersistentSourceCallTest_People_Persistent"
                        + " does not exist, so the Tideway processor did not run on People; put tideway-processor on the annotation"
                        + " processor path");
    }

    @Test
    void aSourceCreatedOutsideAnyPersistentSourceMethodIsNotFlagged() {
        PushSource.create(TextLine.SCHEMA).close();
        assertThat(Graph.current().unboundSources()).isEmpty();
    }
}
