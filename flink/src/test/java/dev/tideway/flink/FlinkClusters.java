package dev.tideway.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the tests run on: two TaskManagers of two slots each, in this JVM. */
final class FlinkClusters {
    private FlinkClusters() {}

    static MiniClusterExtension twoTaskManagers() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(2)
                .setNumberSlotsPerTaskManager(2)
                .setConfiguration(new Configuration())
                .build());
    }
}
