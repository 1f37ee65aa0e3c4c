/**
 * Tideway's runtime (artifact tideway-runtime): what a user compiles against, and nothing else.
 *
 * <ul>
 *   <li>the API: {@code dev.tideway} (tables, expressions, reducers, runs), the connectors
 *       ({@code dev.tideway.io.*}), persistence configuration ({@code dev.tideway.persistence},
 *       {@code .inspect}), the test helpers ({@code dev.tideway.testing});</li>
 *   <li>{@code dev.tideway.schema}: the small package the processor's generated companions call;</li>
 *   <li>{@code dev.tideway.spi}: for people writing sources, sinks and state backends
 *       ({@link dev.tideway.spi.BackendProvider}s are found with {@link java.util.ServiceLoader});</li>
 *   <li>{@code dev.tideway.monitoring}: what a run reports to a monitoring endpoint, and the
 *       {@link dev.tideway.monitoring.MonitoringServer.Provider} that tideway-monitoring brings.</li>
 * </ul>
 *
 * <p>The engine, storage, recovery and commit internals ({@code dev.tideway.internal.*}) are exported
 * only to Tideway's own modules that build on them (tideway-s3 and tideway-azure: the lease lock
 * and retries of object stores; tideway-flink: the engine's operators, state migration and the file
 * connectors' implementations it runs inside Flink operators); they may change in any release.
 *
 * <p>Dependencies without a module descriptor: datasketches-java (6.2.0) has neither a
 * {@code module-info} nor an {@code Automatic-Module-Name}, so it is required by the name the JDK
 * derives from its file name, {@code datasketches.java}; it is used only inside
 * {@code ApproximateDistinctCount} and appears in no public signature.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.tideway {
    requires transitive dev.tideway.annotations;
    // generated companions read and write JSON rows through Jackson's streaming types
    requires transitive com.fasterxml.jackson.core;
    // RunConfig.withMeterRegistry takes the application's Micrometer registry (micrometer-core's automatic name)
    requires transitive micrometer.core;
    requires org.apache.commons.csv;
    requires org.slf4j;
    requires datasketches.java;
    // UDF code fingerprints: the bytecode of the method behind a lambda (FunctionIdentity)
    requires org.objectweb.asm.tree;
    // compressed log segments, snapshot states and unit rows (ObjectCompression)
    requires com.github.luben.zstd_jni;
    // sun.misc.Signal, for RunConfig.withHandleSignals (read reflectively)
    requires jdk.unsupported;

    exports dev.tideway;
    exports dev.tideway.schema;
    exports dev.tideway.spi;
    exports dev.tideway.persistence;
    exports dev.tideway.persistence.inspect;
    exports dev.tideway.io.csv;
    exports dev.tideway.io.file;
    exports dev.tideway.io.jsonlines;
    exports dev.tideway.io.push;
    exports dev.tideway.io.subscribe;
    exports dev.tideway.io.text;
    exports dev.tideway.testing;
    exports dev.tideway.monitoring;

    exports dev.tideway.internal.storage to dev.tideway.s3, dev.tideway.azure;
    // tideway-flink hosts the engine's operators in Flink operators, migrates their state, and reads and
    // writes through the file connectors' implementations
    exports dev.tideway.internal.engine to dev.tideway.flink;
    exports dev.tideway.internal.engine.identity to dev.tideway.flink;
    exports dev.tideway.internal.engine.ops to dev.tideway.flink;
    exports dev.tideway.internal.engine.time to dev.tideway.flink;
    exports dev.tideway.internal.persistence to dev.tideway.flink;
    exports dev.tideway.internal.io.csv to dev.tideway.flink;
    exports dev.tideway.internal.io.file to dev.tideway.flink;
    exports dev.tideway.internal.io.jsonlines to dev.tideway.flink;

    uses dev.tideway.spi.BackendProvider;
    uses dev.tideway.monitoring.MonitoringServer.Provider;
}
