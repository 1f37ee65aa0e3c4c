package dev.tideway.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.internal.engine.UdfCache;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every object kind starts with its header; a reader refuses a newer format with the documented
 * message and reads the objects written before headers (format 0).
 */
class ObjectFormatTest {
    private final Backend backend = Backend.memory();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String head(byte[] data) {
        return new String(data, 0, Math.min(data.length, 40), StandardCharsets.US_ASCII).split("\n")[0];
    }

    /** {@code data} with its header line's format replaced by {@code format}. */
    private static byte[] withFormat(byte[] data, String magic, int format) {
        int newline = indexOf(data, (byte) '\n');
        byte[] header = (magic + " " + format).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + data.length - newline];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(data, newline, out, header.length, data.length - newline);
        return out;
    }

    /** {@code data} without its header line: the layout written before headers. */
    private static byte[] withoutHeader(byte[] data) {
        return Arrays.copyOfRange(data, indexOf(data, (byte) '\n') + 1, data.length);
    }

    /** An object of format 1 (one frame per payload, uncompressed) of the kind {@code magic}. */
    private static byte[] formatOne(String magic, byte[]... payloads) {
        return uncompressed(magic, 1, payloads);
    }

    /** An object of {@code format}, one frame per payload, not compressed, of the kind {@code magic}. */
    private static byte[] uncompressed(String magic, int format, byte[]... payloads) {
        BinaryWriter out = new BinaryWriter();
        byte[] header = (magic + " " + format + "\n").getBytes(StandardCharsets.US_ASCII);
        out.writeRaw(header, 0, header.length);
        for (byte[] payload : payloads) {
            Frames.write(out, payload);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no newline");
    }

    private void assertNewerRefused(String name, Runnable read, String magic) {
        assertNewerRefused(name, read, magic, 1);
    }

    private void assertNewerRefused(String name, Runnable read, String magic, int readable) {
        assertThatThrownBy(read::run).isInstanceOf(ObjectFormat.NewerFormatException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("was written by a newer Tideway (" + magic + " format 7; this version reads formats up to "
                        + readable + ")")
                .hasMessageContaining("upgrade, or restore with the version that wrote it");
    }

    private static List<String> texts(Iterable<LogRecord> records) {
        List<String> texts = new ArrayList<>();
        records.forEach(r -> texts.add(new String(r.payload(), StandardCharsets.UTF_8)));
        return texts;
    }

    @Test
    void logSegmentsCarryTheirHeaderRefuseANewerFormatAndReadTheHeaderless() {
        WriteAheadLog log = new WriteAheadLog(backend, "words");
        log.append(bytes("a"));
        log.append(bytes("b"));
        log.commit(1);
        String name = WriteAheadLog.segmentName("words", 1);
        byte[] written = backend.get(name).orElseThrow();
        assertThat(head(written)).isEqualTo("tideway-log 2");
        assertThat(texts(new WriteAheadLog(backend, "words").read(0, 1))).containsExactly("a", "b");

        byte[] formatOne = formatOne("tideway-log", bytes("a"), bytes("b"));
        backend.put(name, formatOne);
        assertThat(texts(new WriteAheadLog(backend, "words").read(0, 1))).as("format 1").containsExactly("a", "b");
        backend.put(name, withoutHeader(formatOne));
        assertThat(texts(new WriteAheadLog(backend, "words").read(0, 1))).as("format 0").containsExactly("a", "b");

        backend.put(name, withFormat(written, "tideway-log", 7));
        assertNewerRefused(name, () -> texts(new WriteAheadLog(backend, "words").read(0, 1)), "tideway-log", 2);
        assertThat(backend.get(name).orElseThrow()).as("nothing rewritten").isEqualTo(withFormat(written, "tideway-log", 7));
    }

    @Test
    void aSegmentWhoseHeaderIsGarbledIsCutAsDamagedNotReadAsFrames() {
        WriteAheadLog log = new WriteAheadLog(backend, "words");
        log.append(bytes("a"));
        log.commit(1);
        String name = WriteAheadLog.segmentName("words", 1);
        byte[] data = backend.get(name).orElseThrow();
        data[9] = 'X';   // tideway-lXg
        backend.put(name, data);
        WriteAheadLog restarted = new WriteAheadLog(backend, "words");
        assertThat(texts(restarted.read(0, 1))).isEmpty();
        assertThat(restarted.cutTails()).isEqualTo(1);
        assertThat(restarted.lastCut().orElseThrow()).contains("is not a tideway-log object");
    }

    @Test
    void snapshotStatesCarryTheirHeaderRefuseANewerFormatAndReadTheHeaderless() {
        SnapshotStore snapshots = new SnapshotStore(backend);
        snapshots.write(4, Map.of("counts", bytes("state")));
        String name = SnapshotStore.objectName(4, "counts");
        byte[] written = backend.get(name).orElseThrow();
        assertThat(head(written)).isEqualTo("tideway-snapshot 3");
        assertThat(snapshots.read(4).get("counts")).isEqualTo(bytes("state"));

        backend.put(name, uncompressed("tideway-snapshot", 2, bytes("state")));
        assertThat(snapshots.read(4).get("counts")).as("format 2: withheld rows, not compressed").isEqualTo(bytes("state"));
        byte[] formatOne = formatOne("tideway-snapshot", bytes("state"));
        backend.put(name, formatOne);
        assertThat(snapshots.read(4).get("counts")).as("format 1").isEqualTo(bytes("state"));
        backend.put(name, withoutHeader(formatOne));
        assertThat(snapshots.read(4).get("counts")).as("format 0").isEqualTo(bytes("state"));

        backend.put(name, withFormat(written, "tideway-snapshot", 7));
        assertNewerRefused(name, () -> snapshots.read(4), "tideway-snapshot", 3);
    }

    @Test
    void anObjectOfAnotherKindIsDamageNamingBoth() {
        SnapshotStore snapshots = new SnapshotStore(backend);
        String name = SnapshotStore.objectName(4, "counts");
        backend.put(name, ObjectFormat.UNIT_ROWS.prefix(Frames.frame(bytes("rows"))));
        assertThatThrownBy(() -> snapshots.read(4)).isInstanceOf(DamagedObjectException.class)
                .hasMessageContaining(name).hasMessageContaining("is not a tideway-snapshot object")
                .hasMessageContaining("\"tideway-rows\"");
    }

    @Test
    void unitRowsCarryTheirHeaderRefuseANewerFormatAndReadTheHeaderless() {
        UnitRowStore rows = new UnitRowStore(backend);
        byte[] data = bytes("encoded rows");
        String name = rows.save("words", data, 0, data.length);
        rows.awaitWrites();
        byte[] written = backend.get(name).orElseThrow();
        assertThat(head(written)).isEqualTo("tideway-rows 2");
        assertThat(new UnitRowStore(backend).load(name)).isEqualTo(data);

        byte[] formatOne = formatOne("tideway-rows", data);
        backend.put(name, formatOne);
        assertThat(new UnitRowStore(backend).load(name)).as("format 1").isEqualTo(data);
        backend.put(name, withoutHeader(formatOne));
        assertThat(new UnitRowStore(backend).load(name)).as("format 0").isEqualTo(data);

        backend.put(name, withFormat(written, "tideway-rows", 7));
        assertNewerRefused(name, () -> new UnitRowStore(backend).load(name), "tideway-rows", 2);
    }

    @Test
    void preparedTransactionsCarryTheirHeaderRefuseANewerFormatAndReadTheHeaderless() {
        PreparedTransactions prepared = new PreparedTransactions(backend);
        prepared.put("kafka:orders", 3, bytes("finish me"));
        String name = backend.list(PreparedTransactions.PREFIX).get(0);
        byte[] written = backend.get(name).orElseThrow();
        assertThat(head(written)).isEqualTo("tideway-prepared 1");
        assertThat(prepared.get("kafka:orders", 3)).contains(bytes("finish me"));

        backend.put(name, withoutHeader(written));
        assertThat(new PreparedTransactions(backend).get("kafka:orders", 3)).as("written before headers").contains(bytes("finish me"));

        backend.put(name, withFormat(written, "tideway-prepared", 7));
        assertNewerRefused(name, () -> new PreparedTransactions(backend).get("kafka:orders", 3), "tideway-prepared");
        assertThat(backend.get(name).orElseThrow()).as("nothing rewritten").isEqualTo(withFormat(written, "tideway-prepared", 7));

        byte[] torn = Arrays.copyOf(written, written.length - 2);
        backend.put(name, torn);
        assertThatThrownBy(() -> new PreparedTransactions(backend).get("kafka:orders", 3)).isInstanceOf(PersistenceException.class)
                .hasMessageContaining(name).hasMessageContaining("kafka:orders").hasMessageContaining("is damaged");
    }

    private static UdfCache<String, Long> cache(String identity) {
        return new UdfCache<>("lengths", ValueTypes.STRING, ValueTypes.LONG, s -> (long) s.length(), 10, identity);
    }

    @Test
    void udfCachesCarryTheirHeaderAndTheirFunctionsIdentity() {
        UdfCache<String, Long> cache = cache("code:1");
        cache.apply("apple");
        UdfCacheStore store = new UdfCacheStore(backend);
        store.write(cache);
        String name = UdfCacheStore.objectName("lengths");
        byte[] written = backend.get(name).orElseThrow();
        assertThat(head(written)).isEqualTo("tideway-udf-cache 1");

        UdfCache<String, Long> same = cache("code:1");
        assertThat(store.load(same)).isTrue();
        assertThat(same.size()).isEqualTo(1);

        UdfCache<String, Long> edited = cache("code:2");
        assertThat(store.load(edited)).as("another function's results are not reused").isFalse();
        assertThat(edited.size()).isZero();

        backend.put(name, withFormat(written, "tideway-udf-cache", 7));
        assertNewerRefused(name, () -> store.load(cache("code:1")), "tideway-udf-cache");
    }

    @Test
    void aUdfCacheWrittenBeforeHeadersIsLoadedWhateverItsFunction() {
        // format 0: the frame of (argument type, result type, entries), as written before headers
        BinaryWriter body = new BinaryWriter();
        body.writeString(ValueTypes.STRING.descriptor());
        body.writeString(ValueTypes.LONG.descriptor());
        body.writeLength(1);
        BinaryWriter key = new BinaryWriter();
        key.writeBoolean(true);
        ValueTypes.STRING.write(key, "kiwi");
        body.writeBytes(key.toByteArray());
        body.writeBoolean(true);
        ValueTypes.LONG.write(body, 99L);
        backend.put(UdfCacheStore.objectName("lengths"), Frames.frame(body.toByteArray()));

        UdfCache<String, Long> cache = cache("code:any");
        assertThat(new UdfCacheStore(backend).load(cache)).isTrue();
        assertThat(cache.apply("kiwi")).as("the cached result, not a new call's").isEqualTo(99L);
        assertThat(cache.calls()).isZero();
    }

    @Test
    void storageIdsCarryTheirHeaderAndAHeaderlessPairStillBelongsTogether() {
        Backend metadata = Backend.memory();
        Backend snapshots = Backend.memory();
        StoragePairing pairing = new StoragePairing(metadata, snapshots);
        pairing.record();
        byte[] id = snapshots.get(StoragePairing.STORAGE_ID).orElseThrow();
        assertThat(head(id)).isEqualTo("tideway-storage-id 1");
        assertThat(metadata.get(StoragePairing.PAIRED_WITH).orElseThrow()).isEqualTo(id);
        pairing.check(true);

        // written before headers: the id alone on both sides
        metadata.put(StoragePairing.PAIRED_WITH, withoutHeader(id));
        snapshots.put(StoragePairing.STORAGE_ID, withoutHeader(id));
        pairing.check(true);

        snapshots.put(StoragePairing.STORAGE_ID, withFormat(id, "tideway-storage-id", 7));
        assertNewerRefused(StoragePairing.STORAGE_ID, () -> pairing.check(true), "tideway-storage-id");
    }

    @Test
    void checkpointsOfANewerFormatAreRefusedBeforeTheirChecksumIsRead() {
        byte[] data = bytes("tideway-checkpoint 7 crc32c=00000000 something else\n{\"future\": true}\n");
        assertThatThrownBy(() -> CheckpointCodec.decode(data, "metadata/00000000000000000001", "mem"))
                .isInstanceOf(ObjectFormat.NewerFormatException.class)
                .hasMessageContaining("metadata/00000000000000000001")
                .hasMessageContaining("written by a newer Tideway (tideway-checkpoint format 7");
    }

    @Test
    void theLockFileNamesItsHolderInEitherFormat() {
        assertThat(FileStateLock.holderOf("tideway-lock 1\npid=4711\n")).isEqualTo(" (process 4711)");
        assertThat(FileStateLock.holderOf("4711\n")).isEqualTo(" (process 4711)");
        assertThat(FileStateLock.holderOf("tideway-lock 9\nsomething=else\n")).isEmpty();
    }

    @Test
    void aHeaderWithoutAFormatOrWithoutAnEndIsDamage() {
        Function<String, Runnable> read = text -> () -> ObjectFormat.SNAPSHOT_STATE.read(bytes(text), "x", "mem");
        assertThatThrownBy(() -> read.apply("tideway-snapshot\n").run()).isInstanceOf(DamagedObjectException.class)
                .hasMessageContaining("has no format number");
        assertThatThrownBy(() -> read.apply("tideway-snapshot x1\n").run()).isInstanceOf(DamagedObjectException.class);
        assertThatThrownBy(() -> read.apply("tideway-snapshot 1" + "0".repeat(200)).run()).isInstanceOf(DamagedObjectException.class)
                .hasMessageContaining("has no end within 128 bytes");
        assertThat(ObjectFormat.SNAPSHOT_STATE.read(bytes("tideway-snapshot 1\nrest"), "x", "mem").bodyStart()).isEqualTo(19);
        assertThat(ObjectFormat.SNAPSHOT_STATE.read(bytes("\u0005\u0000\u0000\u0000"), "x", "mem").legacy()).isTrue();
        assertThat(PersistenceException.class).isAssignableFrom(ObjectFormat.NewerFormatException.class);
    }
}
