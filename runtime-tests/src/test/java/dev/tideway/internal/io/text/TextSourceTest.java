package dev.tideway.internal.io.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.tideway.io.RecordingUnits;
import dev.tideway.io.file.FileReadOptions;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tideway.io.text.TextLine;

class TextSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryLineOfEveryFile() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "hello world\n\r\nlast\r\n");
        Files.writeString(dir.resolve("b.txt"), "no break at the end");
        TextSource source = new TextSource(dir, FileReadOptions.defaults().withStreaming(false));
        assertThat(source.location()).isEqualTo("text:" + dir.toAbsolutePath());
        RecordingUnits<TextLine> units = new RecordingUnits<TextLine>().poll(source);
        assertThat(units.replaced.get("a.txt")).containsExactly(new TextLine("hello world"), new TextLine(""), new TextLine("last"));
        assertThat(units.replaced.get("b.txt")).containsExactly(new TextLine("no break at the end"));
    }

    @Test
    void theHandWrittenSchemaEncodesAndMapsLines() throws IOException {
        TextLine line = new TextLine("a \"line\"");
        assertThat(TextLine.SCHEMA.description()).isEqualTo("data string");
        assertThat(TextLine.DATA.get(line)).isEqualTo("a \"line\"");
        assertThat(TextLine.SCHEMA.build(new Object[] {"x"})).isEqualTo(new TextLine("x"));

        BinaryWriter out = new BinaryWriter();
        TextLine.SCHEMA.encode(line, out);
        assertThat(TextLine.SCHEMA.decode(new BinaryReader(out.toByteArray()))).isEqualTo(line);

        JsonFactory json = new JsonFactory();
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = json.createGenerator(text)) {
            generator.writeStartObject();
            TextLine.SCHEMA.writeJsonFields(line, generator);
            generator.writeEndObject();
        }
        assertThat(text.toString()).isEqualTo("{\"data\":\"a \\\"line\\\"\"}");
        try (JsonParser parser = json.createParser("{\"other\":[1],\"data\":\"a \\\"line\\\"\"}")) {
            parser.nextToken();
            assertThat(TextLine.SCHEMA.readJson(parser)).isEqualTo(line);
        }
        assertThat(TextLine.SCHEMA.readText(field -> "cell")).isEqualTo(new TextLine("cell"));
    }
}
