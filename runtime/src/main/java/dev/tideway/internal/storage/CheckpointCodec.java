package dev.tideway.internal.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.persistence.PersistenceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The text form of a {@link Checkpoint}: a header line with the format version and the CRC32C of the
 * rest, then the checkpoint as JSON, so a person (and {@code inspect}) can read it:
 *
 * <pre>
 * tideway-checkpoint 1 crc32c=5f0e4c2a
 * {
 *   "generation" : 3,
 *   "lastTime" : 1700000000123,
 *   "snapshotId" : 2,
 *   "walSequence" : 3,
 *   "sources" : { "words" : { "schema" : "...", "fingerprint" : "...", "offsets" : "base64" } },
 *   "sinks" : { "out" : 1024 },
 *   "operatorStates" : { "count-by-word" : "c41d" }
 * }
 * </pre>
 *
 * <p>The checksum is the plain CRC32C of every byte after the header's newline, in lowercase hex.
 * Unknown JSON fields are skipped, so a later version may add fields without a new format number.
 */
public final class CheckpointCodec {
    static final String MAGIC = ObjectFormat.CHECKPOINT.magic();
    static final int FORMAT = ObjectFormat.CHECKPOINT.format();
    private static final JsonFactory JSON = new JsonFactory();

    private CheckpointCodec() {}

    /** The bytes of the metadata object for {@code checkpoint}. */
    public static byte[] encode(Checkpoint checkpoint) {
        byte[] body = json(checkpoint);
        String header = MAGIC + " " + FORMAT + " crc32c=" + String.format("%08x", crc(body, 0, body.length)) + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static byte[] json(Checkpoint checkpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("generation", checkpoint.generation());
            json.writeNumberField("lastTime", checkpoint.lastTime());
            json.writeNumberField("snapshotId", checkpoint.snapshotId());
            json.writeNumberField("walSequence", checkpoint.walSequence());
            json.writeObjectFieldStart("sources");
            for (Map.Entry<String, SourceCheckpoint> source : checkpoint.sources().entrySet()) {
                json.writeObjectFieldStart(source.getKey());
                json.writeStringField("schema", source.getValue().schema());
                json.writeStringField("fingerprint", source.getValue().fingerprint());
                json.writeFieldName("offsets");
                json.writeBinary(source.getValue().offsets());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("sinks");
            for (Map.Entry<String, Long> sink : checkpoint.sinks().entrySet()) {
                json.writeNumberField(sink.getKey(), sink.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("operatorStates");
            for (Map.Entry<String, String> state : checkpoint.operatorStates().entrySet()) {
                json.writeStringField(state.getKey(), state.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the metadata object {@code objectName} of {@code location}.
     *
     * @throws DamagedObjectException if the header is missing or the checksum does not match
     * @throws ObjectFormat.NewerFormatException if a newer Tideway wrote it (checked before the
     *     checksum, whose place a newer format may change)
     * @throws PersistenceException if the checksum matches but the content is not a checkpoint
     */
    public static Checkpoint decode(byte[] data, String objectName, String location) {
        String where = "metadata object " + objectName + " in state location " + location;
        if (!ObjectFormat.startsWithMagicPrefix(data)) {
            // metadata always had a header: without one, the object is damaged (or not Tideway's)
            throw new DamagedObjectException(objectName, where + " is damaged: its first line is not a"
                    + " \"" + MAGIC + " <format> crc32c=<hex>\" header (" + data.length + " bytes)");
        }
        ObjectFormat.Header header = ObjectFormat.CHECKPOINT.read(data, objectName, location);
        if (header.fields().length != 1 || !header.fields()[0].startsWith("crc32c=")) {
            throw new DamagedObjectException(objectName, where + " is damaged: its first line is not a"
                    + " \"" + MAGIC + " <format> crc32c=<hex>\" header");
        }
        String recorded = header.fields()[0].substring("crc32c=".length());
        int bodyStart = header.bodyStart();
        long expected;
        try {
            expected = Long.parseLong(recorded, 16);
        } catch (NumberFormatException e) {
            throw new DamagedObjectException(objectName, where + " is damaged: unreadable checksum " + header.fields()[0]);
        }
        long actual = crc(data, bodyStart, data.length - bodyStart);
        if (actual != expected) {
            throw new DamagedObjectException(objectName, where + " is damaged: checksum " + String.format("%08x", actual)
                    + " does not match the recorded " + recorded);
        }
        try (JsonParser json = JSON.createParser(data, bodyStart, data.length - bodyStart)) {
            return readCheckpoint(json);
        } catch (IOException | IllegalArgumentException e) {
            throw new PersistenceException(where + " passes its checksum but is not a readable checkpoint ("
                    + e.getMessage() + "); it was not written by this version of Tideway", e);
        }
    }

    private static Checkpoint readCheckpoint(JsonParser json) throws IOException {
        expect(json, JsonToken.START_OBJECT);
        Long generation = null;
        Long lastTime = null;
        Long snapshotId = null;
        Long walSequence = null;
        Map<String, SourceCheckpoint> sources = new LinkedHashMap<>();
        Map<String, Long> sinks = new LinkedHashMap<>();
        Map<String, String> operatorStates = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "generation" -> generation = longValue(json, value);
                case "lastTime" -> lastTime = longValue(json, value);
                case "snapshotId" -> snapshotId = longValue(json, value);
                case "walSequence" -> walSequence = longValue(json, value);
                case "sources" -> readObject(json, value, id -> sources.put(id, readSource(json, json.currentToken())));
                case "sinks" -> readObject(json, value, id -> sinks.put(id, longValue(json, json.currentToken())));
                case "operatorStates" -> readObject(json, value, name -> operatorStates.put(name, stringValue(json, json.currentToken())));
                default -> json.skipChildren();
            }
        }
        expect(json.currentToken(), JsonToken.END_OBJECT, json);
        return new Checkpoint(required(generation, "generation"), required(lastTime, "lastTime"),
                required(snapshotId, "snapshotId"), required(walSequence, "walSequence"), sources, sinks, operatorStates);
    }

    private static SourceCheckpoint readSource(JsonParser json, JsonToken start) throws IOException {
        expect(start, JsonToken.START_OBJECT, json);
        String schema = null;
        String fingerprint = null;
        byte[] offsets = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "schema" -> schema = stringValue(json, value);
                case "fingerprint" -> fingerprint = stringValue(json, value);
                case "offsets" -> {
                    expect(value, JsonToken.VALUE_STRING, json);
                    offsets = json.getBinaryValue();
                }
                default -> json.skipChildren();
            }
        }
        return new SourceCheckpoint(required(schema, "schema"), required(fingerprint, "fingerprint"),
                required(offsets, "offsets"));
    }

    private interface EntryReader {
        void read(String key) throws IOException;
    }

    /** Calls {@code entry} with the parser on each value of an object. */
    private static void readObject(JsonParser json, JsonToken start, EntryReader entry) throws IOException {
        expect(start, JsonToken.START_OBJECT, json);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            json.nextToken();
            entry.read(key);
        }
    }

    private static long longValue(JsonParser json, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_NUMBER_INT, json);
        return json.getLongValue();
    }

    private static String stringValue(JsonParser json, JsonToken token) throws IOException {
        expect(token, JsonToken.VALUE_STRING, json);
        return json.getText();
    }

    private static void expect(JsonParser json, JsonToken expected) throws IOException {
        expect(json.nextToken(), expected, json);
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser json) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual + " at "
                    + json.currentLocation().offsetDescription());
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return value;
    }

    private static long crc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return crc.getValue();
    }
}
