package dev.tideway.internal.s3;

import dev.tideway.DuplicateKeyPolicy;
import dev.tideway.InputException;
import dev.tideway.io.file.BadRow;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.persistence.Retry;
import dev.tideway.s3.S3Settings;
import dev.tideway.schema.RowSchema;
import dev.tideway.spi.InputConnector;
import dev.tideway.spi.UnitShares;
import dev.tideway.spi.KnownUnits;
import dev.tideway.spi.ParsedRows;
import dev.tideway.spi.Redaction;
import dev.tideway.spi.UnitChanges;
import dev.tideway.spi.UnitFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import dev.tideway.s3.S3Csv;
import dev.tideway.s3.S3JsonLines;

/**
 * Reads the objects under a prefix of an S3 bucket, each one a unit parsed whole by a shared text
 * parser (CSV, JSON Lines); see {@link S3Csv} and {@link S3JsonLines}.
 *
 * <p>A poll lists the prefix (ListObjectsV2) and compares each object's ETag and size, which tell
 * its content, with the ones the engine holds: a new object is read, a changed one is read again
 * (the engine retracts its old rows), a vanished one is removed. An object with the same ETag and
 * size but another last-modified time (uploaded again, or copied to another prefix or bucket) holds
 * the same bytes and is not read again. Units are named by their key after the prefix, so objects
 * copied under another prefix, read by the same persistent id, are the same units. Keys ending in
 * '/' (folder markers), '~' or {@code .tmp}, and hidden names, are ignored. Listing and reading are
 * retried like the S3 backend's calls. An object is read with the ETag it was listed with
 * ({@code If-Match}); if it changed in between, the next poll reads it. Objects are written whole,
 * so there are no incomplete last lines to wait for; a line that is not UTF-8 is a bad row.
 *
 * <p>On several workers, each reads its {@linkplain #share share} of the objects (by a hash of the
 * unit name), through one client and one bad-row policy shared with this source.
 *
 * @param <T> the row type
 */
public final class S3ObjectSource<T> implements InputConnector<T>, UnitShares<T> {
    private static final byte POSITION_VERSION = 1;

    private final RowSchema<T> schema;
    private final S3Settings settings;
    private final String prefix;
    private final FileReadOptions options;
    private final UnitFormat<T> format;
    /** The source whose client this one uses: itself, or the source it is a share of. */
    private final S3ObjectSource<T> whole;
    /** The units this source reads: all, or those of its share. */
    private final Predicate<String> owns;
    private S3Client client;

    /**
     * @param options streaming, poll interval and duplicate keys
     * @param format how an object's bytes become rows (with the bad-row policy of {@code options})
     */
    public S3ObjectSource(S3Settings settings, String prefix, RowSchema<T> schema, FileReadOptions options, UnitFormat<T> format) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prefix = prefix == null ? "" : prefix.replaceFirst("^/+", "");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.options = Objects.requireNonNull(options, "options");
        this.format = Objects.requireNonNull(format, "format");
        this.whole = this;
        this.owns = unit -> true;
    }

    private S3ObjectSource(S3ObjectSource<T> whole, Predicate<String> owns) {
        this.settings = whole.settings;
        this.prefix = whole.prefix;
        this.schema = whole.schema;
        this.options = whole.options;
        this.format = whole.format;
        this.whole = whole;
        this.owns = owns;
    }

    /** The objects whose unit names fall in share {@code share} of {@code shares}, read through this source's client. */
    @Override
    public InputConnector<T> share(int share, int shares) {
        if (share < 0 || share >= shares) {
            throw new IllegalArgumentException("share " + share + " of " + shares + " does not exist (0 to " + (shares - 1) + ")");
        }
        return new S3ObjectSource<>(whole, unit -> UnitShares.shareOf(unit, shares) == share);
    }

    @Override
    public RowSchema<T> schema() {
        return schema;
    }

    /** The kind, bucket and prefix, such as {@code csv:s3://bucket/words/}. */
    @Override
    public String location() {
        return format.kind() + ":s3://" + settings.bucket() + "/" + prefix;
    }

    @Override
    public String kind() {
        return format.kind();
    }

    @Override
    public boolean streaming() {
        return options.streaming();
    }

    @Override
    public Duration pollInterval() {
        return options.pollInterval();
    }

    @Override
    public void poll(KnownUnits known, UnitChanges<T> changes) throws IOException {
        Map<String, S3Object> objects = list();
        // first what is to be read, so that progress can tell how much of it is left
        Map<String, S3Object> toRead = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, S3Object> entry : objects.entrySet()) {
            String unit = entry.getKey();
            S3Object object = entry.getValue();
            byte[] position = position(object);
            byte[] held = known.position(unit);
            if (held != null && sameContent(held, position)) {
                if (!java.util.Arrays.equals(held, position)) {
                    changes.unchanged(unit, position);
                }
                continue;
            }
            toRead.put(unit, object);
            bytes += object.size() == null ? 0 : object.size();
        }
        changes.pending(toRead.size(), bytes);
        for (Map.Entry<String, S3Object> entry : toRead.entrySet()) {
            S3Object object = entry.getValue();
            Optional<ParsedRows<T>> rows = read(object);
            if (rows.isPresent()) {
                changes.read(object.size() == null ? 0 : object.size());
                changes.replace(entry.getKey(), position(object), rows.get().rows(), rows.get()::line);
            }
        }
        for (String unit : known.units()) {
            if (!objects.containsKey(unit)) {
                changes.remove(unit);
            }
        }
    }

    /** The objects under the prefix by unit name (the key after the prefix), in name order. */
    private Map<String, S3Object> list() throws IOException {
        Map<String, S3Object> objects = new TreeMap<>();
        List<S3Object> listed = call("list " + location(), () -> {
            List<S3Object> all = new ArrayList<>();
            client().listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents().forEach(all::add);
            return all;
        });
        for (S3Object object : listed) {
            String unit = object.key().substring(prefix.length());
            if (!unit.isEmpty() && !ignored(unit) && owns.test(unit)) {
                objects.put(unit, object);
            }
        }
        return objects;
    }

    private static boolean ignored(String unit) {
        String name = unit.substring(unit.lastIndexOf('/') + 1);
        return unit.endsWith("/") || name.startsWith(".") || name.endsWith("~") || name.endsWith(".tmp");
    }

    /** The object's rows, or empty if it was deleted or replaced since it was listed. */
    private Optional<ParsedRows<T>> read(S3Object object) throws IOException {
        String origin = "s3://" + settings.bucket() + "/" + object.key();
        return call("read " + origin, () -> {
            try (ResponseInputStream<GetObjectResponse> in = client().getObject(b -> b.bucket(settings.bucket())
                    .key(object.key()).ifMatch(object.eTag()))) {
                return Optional.of(format.read(in, origin));
            } catch (NoSuchKeyException gone) {
                return Optional.empty();
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                if (e.statusCode() == 412) {
                    return Optional.empty();   // changed since listed: the next poll sees the new version
                }
                throw e;
            }
        });
    }

    /** Whether two positions are of the same content: the same size and ETag, whatever the last-modified times. */
    static boolean sameContent(byte[] held, byte[] now) {
        if (held.length < 17 || now.length < 17 || held[0] != POSITION_VERSION) {
            return false;
        }
        ByteBuffer a = ByteBuffer.wrap(held);
        ByteBuffer b = ByteBuffer.wrap(now);
        return a.getLong(1) == b.getLong(1)
                && java.util.Arrays.equals(held, 17, held.length, now, 17, now.length);
    }

    @Override
    public DuplicateKeyPolicy duplicateKeys() {
        return options.duplicateKeys();
    }

    /** The object's URL, {@code s3://bucket/key}. */
    @Override
    public String origin(String unit) {
        return "s3://" + settings.bucket() + "/" + prefix + unit;
    }

    @Override
    public long skippedRows() {
        return format.badRows().skipped();
    }

    /** Applies the bad-row policy: stops the run, or reports the row and skips it. */
    @Override
    public void rejectRow(String unit, long line, String field, String value, String problem) {
        format.badRows().handle(new BadRow(unit == null ? location() : origin(unit), line, 0, field, value, problem));
    }

    /** ETag, size and last-modified time, as persisted bytes. */
    static byte[] position(S3Object object) {
        byte[] etag = String.valueOf(object.eTag()).getBytes(StandardCharsets.UTF_8);
        long modified = object.lastModified() == null ? 0 : object.lastModified().toEpochMilli();
        return ByteBuffer.allocate(1 + 8 + 8 + etag.length).put(POSITION_VERSION).putLong(object.size())
                .putLong(modified).put(etag).array();
    }

    private S3Client client() {
        return whole == this ? ownClient() : whole.client();
    }

    private synchronized S3Client ownClient() {
        if (client == null) {
            client = S3Clients.create(settings);
        }
        return client;
    }

    private <R> R call(String what, java.util.concurrent.Callable<R> action) throws IOException {
        Retry retry = settings.retry();
        try {
            return retry.call(what, action, S3Clients::isTransient);
        } catch (Retry.GaveUpException e) {
            Exception last = (Exception) e.getCause();
            throw new InputException("cannot " + what + ": " + Redaction.reason(last) + " (" + e.getMessage() + "); "
                    + S3Clients.hint(settings, last), Redaction.redacted(last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        } catch (IOException | InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException("cannot " + what + ": " + Redaction.reason(e) + "; " + S3Clients.hint(settings, e),
                    Redaction.redacted(e));
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public String toString() {
        return location();
    }
}
