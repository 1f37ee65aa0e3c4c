package dev.tideway.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The Flink MiniCluster the tests run on: two TaskManagers of two slots each, in this JVM; a job's
 * slots are spread over both, so that losing one TaskManager costs every job some of its tasks.
 */
final class FlinkClusters {
    private FlinkClusters() {}

    private static Configuration spreadOut() {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE, TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
        return config;
    }

    static MiniClusterExtension twoTaskManagers() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(2)
                .setNumberSlotsPerTaskManager(2)
                .setConfiguration(spreadOut())
                .build());
    }
}
