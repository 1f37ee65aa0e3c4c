package dev.tideway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.Pipeline;
import dev.tideway.RunConfig;
import dev.tideway.io.push.PushSource;
import dev.tideway.io.subscribe.Subscribe;
import dev.tideway.io.text.TextLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A monitoring port asked for without the monitoring artifact, and ports that are not ports. */
class MonitoringPortTest {
    @Test
    void aPortWithoutTheMonitoringArtifactIsRefusedNamingItBeforeAnythingIsRead() {
        List<TextLine> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (Pipeline pipeline = Pipeline.create()) {
                PushSource<TextLine> lines = PushSource.create(TextLine.SCHEMA, "lines");
                lines.insert(new TextLine("a"));
                lines.close();
                Subscribe.subscribe(lines.table(), (key, row, time, insert) -> seen.add(row));
                pipeline.run(RunConfig.defaults().withProgress(false).withMonitoringPort(0));
            }
        }).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.tideway:tideway-monitoring")
                .hasMessageContaining("RunConfig.withMonitoringPort");
        assertThat(seen).isEmpty();
    }

    @Test
    void aPortOutsideTcpsRangeIsRefused() {
        assertThatThrownBy(() -> RunConfig.defaults().withMonitoringPort(65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> RunConfig.defaults().withMonitoringPort(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunConfig.defaults().withProgressIntervalMs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
