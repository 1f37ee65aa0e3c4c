package dev.tideway.internal.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGINT and SIGTERM into a graceful stop: the batch being computed is finished and committed,
 * and the run returns normally (so a program can exit 0), instead of the JVM exiting mid-batch.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK) through method
 * handles, so that compiling Tideway needs no internal API; where it is missing, signals keep their
 * default behaviour and a stop still works through the API.
 */
final class SignalStop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalStop.class);

    private final List<Object[]> previous = new ArrayList<>();
    private MethodHandle handle;

    SignalStop(StopSignal stop) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle newSignal = lookup.findConstructor(signalClass, MethodType.methodType(void.class, String.class));
            handle = lookup.findStatic(signalClass, "handle", MethodType.methodType(handlerClass, signalClass, handlerClass));
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    LOG.info("received {}: finishing the current batch and stopping", args[0]);
                    stop.request();
                    return null;
                }
                return method.getName().equals("toString") ? "Tideway graceful stop" : method.invoke(this, args);
            });
            for (String name : List.of("INT", "TERM")) {
                Object signal = newSignal.invoke(name);
                previous.add(new Object[] {signal, handle.invoke(signal, handler)});
            }
        } catch (Throwable e) {
            LOG.debug("signals not handled: {}", e.toString());
        }
    }

    @Override
    public void close() {
        for (Object[] entry : previous) {
            try {
                handle.invoke(entry[0], entry[1]);
            } catch (Throwable e) {
                LOG.debug("cannot restore a signal handler: {}", e.toString());
            }
        }
        previous.clear();
    }
}
