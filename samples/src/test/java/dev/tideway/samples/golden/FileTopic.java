package dev.tideway.samples.golden;

import dev.tideway.spi.ChangeBatch;
import dev.tideway.spi.TransactionalOutputConnector;
import dev.tideway.schema.RowSchema;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transactional sink to a file that stands for a topic, for the golden fixtures: it makes the
 * state hold a prepared transaction ({@code prepared/…}) without a broker, and keeps across
 * processes what a topic keeps, whether a transaction committed. A transaction is prepared in
 * memory at the commit's first phase (a crash loses it: it is aborted) and committed at the second
 * by appending its changes to the file, each line {@code <transaction>|<+ or -> <row>}, forced to the
 * device. Recovery reads the file: the prepared transaction the metadata names is committed when its
 * id is there; otherwise its changes are written again with the next commit. As the Kafka sink.
 *
 * @param <T> the row type
 */
final class FileTopic<T> implements TransactionalOutputConnector<T> {
    private final String name;
    private final Path file;
    private final List<String> pending = new ArrayList<>();
    private long position;
    private List<String> transaction;
    private byte[] prepared;

    /** The topic {@code name}, written to {@code file}; known to persistence as {@code file-topic:<name>}, wherever the file is. */
    FileTopic(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    @Override
    public String name() {
        return "file-topic:" + name;
    }

    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public void open(long committedPosition) throws IOException {
        position = Math.max(0, committedPosition);
        Files.createDirectories(file.toAbsolutePath().getParent());
    }

    @Override
    public void recover(byte[] preparedBytes) throws IOException {
        if (preparedBytes == null) {
            return;
        }
        String[] lines = new String(preparedBytes, StandardCharsets.UTF_8).split("\n", -1);
        String id = lines[0] + "|";
        boolean committed = Files.exists(file) && Files.readAllLines(file).stream().anyMatch(line -> line.startsWith(id));
        if (!committed) {
            pending.addAll(0, Arrays.asList(lines).subList(1, lines.length));
        }
    }

    @Override
    public void write(long time, ChangeBatch<T> changes, RowSchema<T> schema) {
        for (int i = 0; i < changes.size(); i++) {
            pending.add((changes.diff(i) > 0 ? "+ " : "- ") + changes.row(i));
        }
    }

    @Override
    public long commit() {
        prepared = null;
        if (pending.isEmpty()) {
            return position;
        }
        position++;
        transaction = new ArrayList<>(pending);
        pending.clear();
        prepared = (position + "\n" + String.join("\n", transaction)).getBytes(StandardCharsets.UTF_8);
        return position;
    }

    @Override
    public byte[] prepared() {
        return prepared;
    }

    @Override
    public void commitPrepared() throws IOException {
        if (transaction == null) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (String change : transaction) {
            lines.append(position).append('|').append(change).append('\n');
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        transaction = null;
    }

    @Override
    public void close() {}
}
