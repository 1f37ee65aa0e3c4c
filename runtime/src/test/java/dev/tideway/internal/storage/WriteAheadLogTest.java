package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.persistence.Backend;
import dev.tideway.schema.BinaryWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteAheadLogTest {
    @TempDir
    Path root;

    private Backend backend;

    @BeforeEach
    void open() {
        backend = Backend.filesystem(root);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(Iterable<LogRecord> records) {
        List<String> out = new ArrayList<>();
        for (LogRecord record : records) {
            out.add(record.sequence() + ":" + new String(record.payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Appends each group's records and commits them with sequences 1, 2, 3, ... */
    private WriteAheadLog logWith(String sourceId, List<List<String>> groups) {
        WriteAheadLog log = new WriteAheadLog(backend, sourceId);
        long sequence = 1;
        for (List<String> group : groups) {
            group.forEach(record -> log.append(bytes(record)));
            log.commit(sequence++);
        }
        return log;
    }

    @Test
    void aCommitWritesOneSegmentNamedBySourceAndSequence() {
        WriteAheadLog log = new WriteAheadLog(backend, "words");
        log.append(bytes("a"));
        log.append(bytes("b"));
        assertThat(log.pendingRecords()).isEqualTo(2);
        assertThat(backend.list("")).isEmpty();
        assertThat(log.commit(7)).isTrue();
        assertThat(log.pendingRecords()).isZero();
        assertThat(backend.list("")).containsExactly("log/words/00000000000000000007");
        assertThat(root.resolve("log/words/00000000000000000007")).isRegularFile();
    }

    @Test
    void aCommitWithoutRecordsWritesNothing() {
        WriteAheadLog log = new WriteAheadLog(backend, "words");
        assertThat(log.commit(1)).isFalse();
        assertThat(backend.list("")).isEmpty();
    }

    @Test
    void commitSequencesMustGrow() {
        WriteAheadLog log = logWith("s", List.of(List.of("x")));
        log.append(bytes("y"));
        assertThatThrownBy(() -> log.commit(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"s\"").hasMessageContaining("not above");
        assertThat(log.pendingRecords()).isEqualTo(1);
    }

    @Test
    void aNewRunReadsTheCommittedSegmentsInOrder() {
        logWith("words", List.of(List.of("a", "b"), List.of(), List.of("c"), List.of("d", "e")));
        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(texts(restarted.read(-1, 4))).containsExactly("1:a", "1:b", "3:c", "4:d", "4:e");
        assertThat(texts(restarted.read(1, 3))).containsExactly("3:c");
        assertThat(texts(restarted.read(4, 10))).isEmpty();
        assertThat(restarted.cutTails()).isZero();
    }

    @Test
    void sourcesDoNotSeeEachOthersSegments() {
        logWith("a", List.of(List.of("from a")));
        logWith("ab", List.of(List.of("from ab")));
        assertThat(texts(new WriteAheadLog(backend, "a").read(-1, 10))).containsExactly("1:from a");
    }

    @Test
    void aTornTailIsCutLoggedAndCountedAndLaterSegmentsAreNotReplayed() {
        logWith("words", List.of(List.of("a", "b"), List.of("c", "d"), List.of("e")));
        String second = WriteAheadLog.segmentName("words", 2);
        byte[] data = backend.get(second).orElseThrow();
        backend.put(second, Arrays.copyOf(data, data.length - 1));

        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        // format 2 compresses a commit's records as one block: a torn block loses all of them
        assertThat(texts(restarted.read(0, 3))).containsExactly("1:a", "1:b");
        assertThat(restarted.cutTails()).isEqualTo(1);
        assertThat(restarted.lastCut().orElseThrow()).contains(second).contains("at byte " + ObjectFormat.LOG_SEGMENT.header().length);
    }

    @Test
    void aTornTailOfAFormatOneSegmentIsCutAtTheRecord() {
        logWith("words", List.of(List.of("a", "b")));
        backend.put(WriteAheadLog.segmentName("words", 2), formatOneSegment("c", "d"));
        byte[] data = backend.get(WriteAheadLog.segmentName("words", 2)).orElseThrow();
        backend.put(WriteAheadLog.segmentName("words", 2), Arrays.copyOf(data, data.length - 1));

        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(texts(restarted.read(0, 2))).containsExactly("1:a", "1:b", "2:c");
        assertThat(restarted.cutTails()).isEqualTo(1);
    }

    @Test
    void aCorruptByteInTheMiddleCutsFromThere() {
        logWith("words", List.of(List.of("first"), List.of("second", "third"), List.of("fourth")));
        String name = WriteAheadLog.segmentName("words", 2);
        byte[] data = backend.get(name).orElseThrow();
        data[data.length - 3] ^= 0x40;
        backend.put(name, data);

        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(texts(restarted.read(0, 3))).containsExactly("1:first");
        assertThat(restarted.cutTails()).isEqualTo(1);
        assertThat(restarted.lastCut().orElseThrow()).contains("checksum mismatch");
    }

    @Test
    void aCorruptByteInTheMiddleOfAFormatOneSegmentCutsFromThatRecord() {
        String name = WriteAheadLog.segmentName("words", 1);
        byte[] data = formatOneSegment("first", "second", "third");
        int secondPayload = "tideway-log 1\n".length() + Frames.HEADER_BYTES + "first".length() + Frames.HEADER_BYTES;
        data[secondPayload + 2] ^= 0x40;
        backend.put(name, data);

        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(texts(restarted.read(0, 1))).containsExactly("1:first");
        assertThat(restarted.cutTails()).isEqualTo(1);
    }

    @Test
    void aBlockThatIsNotZstandardIsCutAsDamageBehindAValidChecksum() {
        String name = WriteAheadLog.segmentName("words", 1);
        BinaryWriter out = new BinaryWriter();
        byte[] header = ObjectFormat.LOG_SEGMENT.header();
        out.writeRaw(header, 0, header.length);
        // codec 01 (Zstandard), 100 bytes declared, then bytes that are no Zstandard frame
        Frames.write(out, new byte[] {1, 100, 1, 2, 3, 4, 5, 6, 7, 8});
        backend.put(name, out.toByteArray());

        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(texts(restarted.read(0, 1))).isEmpty();
        assertThat(restarted.lastCut().orElseThrow()).contains(name).contains("declares 100 bytes");
    }

    /** A segment of format 1: its header and one frame per record, uncompressed. */
    private static byte[] formatOneSegment(String... records) {
        BinaryWriter out = new BinaryWriter();
        byte[] header = "tideway-log 1\n".getBytes(StandardCharsets.US_ASCII);
        out.writeRaw(header, 0, header.length);
        for (String record : records) {
            Frames.write(out, bytes(record));
        }
        return out.toByteArray();
    }

    @Test
    void discardAboveDeletesSegmentsOfACommitThatNeverReachedTheMetadata() {
        logWith("words", List.of(List.of("a"), List.of("b"), List.of("crashed")));
        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(restarted.discardAbove(2)).isEqualTo(1);
        assertThat(backend.list("log/")).containsExactly(WriteAheadLog.segmentName("words", 1),
                WriteAheadLog.segmentName("words", 2));
        assertThat(texts(restarted.read(0, Long.MAX_VALUE))).containsExactly("1:a", "2:b");

        restarted.append(bytes("again"));
        assertThat(restarted.commit(3)).isTrue();
        assertThat(texts(new WriteAheadLog(backend, "words").read(2, 3))).containsExactly("3:again");
    }

    @Test
    void readIgnoresSegmentsAboveTheCommittedSequence() {
        logWith("words", List.of(List.of("a"), List.of("not committed")));
        assertThat(texts(new WriteAheadLog(backend, "words").read(-1, 1))).containsExactly("1:a");
    }

    @Test
    void deleteUpToDropsSegmentsCoveredByASnapshotIncludingOnesFromEarlierRuns() {
        logWith("words", List.of(List.of("a"), List.of("b")));
        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        restarted.discardAbove(2);
        restarted.append(bytes("c"));
        restarted.commit(3);
        restarted.append(bytes("d"));
        restarted.commit(4);
        assertThat(restarted.deleteUpTo(3)).isEqualTo(3);
        assertThat(backend.list("")).containsExactly(WriteAheadLog.segmentName("words", 4));
        assertThat(texts(restarted.read(3, 4))).containsExactly("4:d");
    }

    @Test
    void emptyRecordsSurvive() {
        logWith("s", List.of(List.of("", "x", "")));
        assertThat(texts(new WriteAheadLog(backend, "s").read(0, 1))).containsExactly("1:", "1:x", "1:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "with space", "ü"})
    void invalidSourceIdsAreRefusedWithTheRule(String id) {
        assertThatThrownBy(() -> new WriteAheadLog(backend, id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source id")
                .hasMessageContaining("letters, digits");
    }

    @Test
    void longestValidSourceIdWorks() {
        String id = "a".repeat(128);
        logWith(id, List.of(List.of("x")));
        assertThatThrownBy(() -> new WriteAheadLog(backend, id + "a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(texts(new WriteAheadLog(backend, id).read(0, 1))).containsExactly("1:x");
    }
}
