package dev.tideway.samples.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.RunConfig;
import dev.tideway.Tideway;
import dev.tideway.spi.Connectors;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.schema.RowSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source persisted as "items" with {@link Versions.Item}, then read with a changed record: the
 * allowed migrations read the old rows (absent values for new fields) and the new files; the refused
 * ones are an error naming the source, the component, the types and the choices, and leave the old
 * state usable by the old record.
 */
class SchemaMigrationTest {
    @TempDir
    Path work;

    /** Reads the items folder with {@code schema} on the state; returns the rows the sink got. */
    private <T> List<String> run(RowSchema<T> schema) throws Exception {
        ChangeList<T> changes = new ChangeList<>("items");
        Connectors.sink(Csv.read(work.resolve("in"), schema, CsvReadOptions.defaults().withStreaming(false).withPersistentId("items")),
                changes);
        Tideway.run(RunConfig.defaults().withHandleSignals(false)
                .withPersistence(PersistenceConfig.of(Backend.filesystem(work.resolve("state")))));
        return changes.changes();
    }

    private void first() throws Exception {
        StateFiles.write(work.resolve("in/1.csv"), "id,qty,note\na,1,old\n");
        assertThat(run(Versions_Item_.SCHEMA)).containsExactly("+ Item[id=a, qty=1, note=old]");
    }

    @Test
    void aNewOptionalComponent() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty,note,color\nb,2,new,red\n");
        assertThat(run(Versions_WithOptional_.SCHEMA)).containsExactlyInAnyOrder(
                "+ WithOptional[id=a, qty=1, note=old, color=Optional.empty]",
                "+ WithOptional[id=b, qty=2, note=new, color=Optional[red]]");
    }

    @Test
    void aNewBoxedComponent() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty,note,weight\nb,2,new,9\n");
        assertThat(run(Versions_WithBoxed_.SCHEMA)).containsExactlyInAnyOrder(
                "+ WithBoxed[id=a, qty=1, note=old, weight=null]", "+ WithBoxed[id=b, qty=2, note=new, weight=9]");
    }

    @Test
    void aComponentRenamedInJavaKeepingItsColumn() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty,note\nb,2,new\n");
        // the persisted columns are unchanged (a record's Java names are not part of operator identity):
        // the rows are read in the new record and the output continues with the new row only
        assertThat(run(Versions_RenamedInJava_.SCHEMA)).containsExactly("+ RenamedInJava[id=b, quantity=2, note=new]");
    }

    @Test
    void reorderedComponents() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty,note\nb,2,new\n");
        assertThat(run(Versions_Reordered_.SCHEMA)).containsExactlyInAnyOrder(
                "+ Reordered[note=old, qty=1, id=a]", "+ Reordered[note=new, qty=2, id=b]");
    }

    @Test
    void aRemovedComponent() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty\nb,2\n");
        assertThat(run(Versions_Removed_.SCHEMA)).containsExactlyInAnyOrder("+ Removed[id=a, qty=1]", "+ Removed[id=b, qty=2]");
    }

    @Test
    void aColumnRenamedInTheData() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,amount,note\nb,2,new\n");
        assertThat(run(Versions_RenamedInData_.SCHEMA)).containsExactlyInAnyOrder(
                "+ RenamedInData[id=a, qty=1, note=old]", "+ RenamedInData[id=b, qty=2, note=new]");
    }

    @Test
    void aMigratedStateIsCommittedUnderTheNewSchemaAndContinued() throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty,note,weight\nb,2,new,9\n");
        run(Versions_WithBoxed_.SCHEMA);
        StateFiles.write(work.resolve("in/3.csv"), "id,qty,note,weight\nc,3,newer,\n");
        assertThat(run(Versions_WithBoxed_.SCHEMA)).containsExactly("+ WithBoxed[id=c, qty=3, note=newer, weight=null]");
    }

    /** Refused: the error names what it must, nothing is changed, and the old record continues. */
    private void refused(RowSchema<?> schema, String... mentions) throws Exception {
        first();
        StateFiles.write(work.resolve("in/2.csv"), "id,qty,note\nb,2,new\n");
        Map<String, String> before = StateFiles.digest(work.resolve("state"));
        assertThatThrownBy(() -> run(schema)).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("\"items\"")
                .hasMessageContaining("keep the old record")
                .hasMessageContaining("new persistent id")
                .satisfies(e -> assertThat(e.getMessage()).contains(mentions));
        assertThat(StateFiles.digest(work.resolve("state"))).as("the old state is untouched").isEqualTo(before);
        assertThat(run(Versions_Item_.SCHEMA)).as("the old record continues").containsExactly("+ Item[id=b, qty=2, note=new]");
    }

    @Test
    void aTypeChangeIsRefused() throws Exception {
        refused(Versions_TypeChanged_.SCHEMA, "qty", "from long to int");
    }

    @Test
    void aPrimaryKeyChangeIsRefused() throws Exception {
        refused(Versions_KeyChanged_.SCHEMA, "primary key", "id", "qty long", "note string");
    }

    @Test
    void aNewRequiredComponentIsRefused() throws Exception {
        refused(Versions_NewRequired_.SCHEMA, "weight", "long", "new and required", "qty long");
    }
}
