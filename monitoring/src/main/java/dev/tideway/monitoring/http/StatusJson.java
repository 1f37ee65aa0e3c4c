package dev.tideway.monitoring.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tideway.ErrorLogEntry;
import dev.tideway.monitoring.CommitStatus;
import dev.tideway.monitoring.NodeStatus;
import dev.tideway.monitoring.RunStatus;
import dev.tideway.monitoring.SinkStatus;
import dev.tideway.monitoring.SourceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A {@link RunStatus} as the JSON the status page reads from {@code /status.json}: one object with
 * the run's fields, and arrays {@code nodes}, {@code sources}, {@code sinks}, {@code commits} and
 * {@code errors} of objects named as the records' components. Times are epoch milliseconds, sizes
 * bytes, unknown counts -1.
 */
final class StatusJson {
    private static final JsonFactory JSON = new JsonFactory();

    private StatusJson() {}

    static byte[] write(RunStatus status) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("phase", status.phase().name());
            out.writeBooleanField("live", status.live());
            out.writeBooleanField("ready", status.ready());
            out.writeBooleanField("streaming", status.streaming());
            out.writeNumberField("startedAt", status.startedAt());
            out.writeNumberField("at", status.at());
            out.writeNumberField("committedTime", status.committedTime());
            out.writeNumberField("commitCount", status.commitCount());
            out.writeNumberField("errorCount", status.errorCount());
            out.writeArrayFieldStart("nodes");
            for (NodeStatus node : status.nodes()) {
                out.writeStartObject();
                out.writeNumberField("id", node.id());
                out.writeStringField("role", node.role());
                out.writeStringField("kind", node.kind());
                out.writeStringField("label", node.label());
                out.writeArrayFieldStart("inputs");
                for (int input : node.inputs()) {
                    out.writeNumber(input);
                }
                out.writeEndArray();
                out.writeNumberField("rowsIn", node.rowsIn());
                out.writeNumberField("rowsOut", node.rowsOut());
                out.writeNumberField("stateRows", node.stateRows());
                out.writeNumberField("stateBytes", node.stateBytes());
                out.writeNumberField("errors", node.errors());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("sources");
            for (SourceStatus source : status.sources()) {
                out.writeStartObject();
                out.writeStringField("id", source.id());
                out.writeStringField("location", source.location());
                out.writeBooleanField("streaming", source.streaming());
                out.writeBooleanField("finished", source.finished());
                out.writeNumberField("rowsRead", source.rowsRead());
                out.writeNumberField("bytesRead", source.bytesRead());
                out.writeNumberField("unitsRead", source.unitsRead());
                out.writeNumberField("unitsPending", source.unitsPending());
                out.writeNumberField("bytesPending", source.bytesPending());
                out.writeNumberField("badRows", source.badRows());
                out.writeNumberField("lagMs", source.lagMs());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("sinks");
            for (SinkStatus sink : status.sinks()) {
                out.writeStartObject();
                out.writeStringField("name", sink.name());
                out.writeNumberField("rowsWritten", sink.rowsWritten());
                out.writeNumberField("committedPosition", sink.committedPosition());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("commits");
            for (CommitStatus commit : status.commits()) {
                out.writeStartObject();
                out.writeNumberField("time", commit.time());
                out.writeNumberField("durationMs", commit.durationMs());
                out.writeNumberField("rows", commit.rows());
                out.writeNumberField("logBytes", commit.logBytes());
                out.writeNumberField("snapshotBytes", commit.snapshotBytes());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("errors");
            for (ErrorLogEntry error : status.errors()) {
                out.writeStartObject();
                out.writeStringField("operator", error.operator());
                out.writeStringField("operatorName", error.operatorName());
                out.writeStringField("error", error.error());
                out.writeStringField("key", error.key());
                out.writeStringField("row", error.row());
                out.writeStringField("origin", error.origin());
                out.writeNumberField("failedAt", error.failedAt());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
