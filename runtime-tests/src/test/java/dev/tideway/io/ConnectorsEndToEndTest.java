package dev.tideway.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tideway.RunConfig;
import dev.tideway.RunHandle;
import dev.tideway.Table;
import dev.tideway.Tideway;
import dev.tideway.internal.engine.Graph;
import dev.tideway.io.csv.Csv;
import dev.tideway.io.csv.CsvReadOptions;
import dev.tideway.io.jsonlines.JsonLines;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connectors in real runs of {@link Tideway}. */
class ConnectorsEndToEndTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetTheGraph() {
        Graph.detachCurrent();
    }

    @Test
    void sourcesTakeTheirPersistentIdFromTheOptions() {
        Csv.read(dir, Person_.SCHEMA, CsvReadOptions.defaults().withPersistentId("people"));
        PushSource.create(Person_.SCHEMA, "pushed");
        assertThat(Graph.current().sources()).extracting(source -> source.explicitId()).containsExactly("people", "pushed");
    }

    @Test
    void aStaticRunCopiesCsvFilesToJsonLines() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.csv"), "age,name\n36,Ada\n");
        Files.writeString(in.resolve("b.csv"), "name,age,city\nBob,40,Paris\n");
        Path out = dir.resolve("out.jsonl");

        Table<Person> people = Csv.read(in, Person_.SCHEMA, CsvReadOptions.defaults().withStreaming(false));
        JsonLines.write(people, out);
        Tideway.run(RunConfig.defaults().withHandleSignals(false));

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines).anyMatch(l -> l.matches("\\{\"name\":\"Ada\",\"age\":36,\"city\":null,\"time\":\\d+,\"diff\":1}"));
        assertThat(lines).anyMatch(l -> l.matches("\\{\"name\":\"Bob\",\"age\":40,\"city\":\"Paris\",\"time\":\\d+,\"diff\":1}"));
    }

    @Test
    void aStreamingRunRetractsTheRowsOfAModifiedFile() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path file = Files.writeString(in.resolve("a.csv"), "name,age\nAda,36\n");
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        Table<Person> people = Csv.read(in, Person_.SCHEMA, CsvReadOptions.defaults().withPollInterval(Duration.ofMillis(10)));
        Subscribe.subscribe(people, (key, row, time, isAddition) -> changes.add((isAddition ? "+" : "-") + row.name() + row.age()),
                () -> changes.add("end"));
        RunHandle run = Tideway.start();
        try {
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("+Ada36");
            Files.writeString(file, "name,age\nAda,37\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
            assertThat(List.of(changes.poll(10, TimeUnit.SECONDS), changes.poll(10, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder("-Ada36", "+Ada37");
            Files.delete(file);
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("-Ada37");
        } finally {
            run.stop();
        }
        assertThat(changes.poll(10, TimeUnit.SECONDS)).isEqualTo("end");
    }

    @Test
    void aPushSourceFeedsACsvSinkUntilClosed() throws Exception {
        Path out = dir.resolve("out.csv");
        PushSource<Person> source = PushSource.create(Person_.SCHEMA);
        Csv.write(source.table(), out);
        RunHandle run = Tideway.start();
        Thread pusher = new Thread(() -> {
            source.insert(Person.of("Ada", 36));
            source.insert(Person.of("Bob", 40));
            source.close();
        });
        pusher.start();
        assertThat(run.await(20, TimeUnit.SECONDS)).isTrue();
        pusher.join();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("name,age,city,time,diff");
        assertThat(lines.subList(1, lines.size())).hasSize(2)
                .anyMatch(l -> l.matches("Ada,36,,\\d+,1"))
                .anyMatch(l -> l.matches("Bob,40,,\\d+,1"));
    }
}
