/**
 * What a running pipeline tells about itself: {@link dev.tideway.monitoring.RunStatus} (its
 * operators, sources, sinks, commits and errors, as the status page shows them) and the SPI of a
 * monitoring endpoint, {@link dev.tideway.monitoring.MonitoringServer}. Metrics go through
 * Micrometer ({@code RunConfig.withMeterRegistry}).
 */
package dev.tideway.monitoring;
