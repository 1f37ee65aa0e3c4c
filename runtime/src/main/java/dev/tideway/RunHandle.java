package dev.tideway;

import dev.tideway.internal.engine.StopSignal;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pipeline running in the background, started by {@link Tideway#start}.
 *
 * <pre>{@code
 * RunHandle run = Tideway.start();
 * ...
 * run.stop();   // finishes the batch being computed, commits, returns when done
 * }</pre>
 */
public final class RunHandle {
    private final StopSignal stop;
    private final CompletableFuture<Void> done;
    private final CompletableFuture<InetSocketAddress> monitoring;

    RunHandle(StopSignal stop, CompletableFuture<Void> done, CompletableFuture<InetSocketAddress> monitoring) {
        this.stop = stop;
        this.done = done;
        this.monitoring = monitoring;
    }

    /**
     * Where the run's monitoring endpoint listens ({@link RunConfig#withMonitoringPort}; the port
     * taken when 0 was asked for), waiting until the run has started it; null for a run without one.
     *
     * @throws Exception what made the run fail before it started the endpoint (a port taken, say)
     */
    public InetSocketAddress monitoringAddress() throws Exception {
        try {
            return monitoring.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Requests a graceful stop and waits for the run to end; rethrows what made the run fail.
     *
     * @throws Exception what stopped the run, as listed at {@link Tideway#run(RunConfig)}
     */
    public void stop() throws Exception {
        stop.request();
        await();
    }

    /**
     * Waits for the run to end; rethrows what made it fail.
     *
     * @throws Exception what stopped the run, as listed at {@link Tideway#run(RunConfig)}
     * @throws InterruptedException if this waiting thread is interrupted (the run goes on)
     */
    public void await() throws Exception {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Waits at most {@code timeout} for the run to end; returns whether it ended.
     *
     * @throws Exception what stopped the run, as listed at {@link Tideway#run(RunConfig)}
     * @throws InterruptedException if this waiting thread is interrupted (the run goes on)
     */
    public boolean await(long timeout, TimeUnit unit) throws Exception {
        try {
            done.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    public boolean isDone() {
        return done.isDone();
    }

    private static Exception unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception exception) {
            return exception;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return e;
    }
}
