package dev.tideway.internal.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a process is, precisely enough to tell later whether it still runs: its host name, the boot
 * id of the kernel it runs on ({@code /proc/sys/kernel/random/boot_id}, new at every boot), its pid
 * namespace ({@code /proc/self/ns/pid}, so that processes of two containers on one kernel are never
 * confused), its pid and its start time (so that a pid reused by a later process is told apart).
 *
 * <p>A process is {@linkplain #provablyGone() provably gone} only when all of host, boot id and pid
 * namespace are known and equal to this process's, and no process with its pid and start time exists.
 * Anything unknown (another host, another container, a system without {@code /proc}) proves nothing.
 *
 * @param host the host name, or empty if unknown
 * @param bootId the kernel's boot id, or empty if unknown
 * @param pidNamespace the pid namespace, such as {@code pid:[4026531836]}, or empty if unknown
 * @param pid the process id
 * @param startMillis the start time in epoch milliseconds, or 0 if unknown
 */
record ProcessIdentity(String host, String bootId, String pidNamespace, long pid, long startMillis) {
    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    /** This process. */
    static ProcessIdentity current() {
        return CURRENT;
    }

    private static ProcessIdentity of(ProcessHandle process) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "";
        }
        return new ProcessIdentity(host, read(Path.of("/proc/sys/kernel/random/boot_id")), currentPidNamespace(),
                process.pid(), startMillis(process).orElse(0L));
    }

    /**
     * True if this identity was recorded by a process of this host, kernel boot and pid namespace
     * that no longer runs; false if it runs, or if that cannot be told.
     */
    boolean provablyGone() {
        ProcessIdentity here = current();
        if (host.isEmpty() || bootId.isEmpty() || pidNamespace.isEmpty() || here.bootId.isEmpty() || here.pidNamespace.isEmpty()
                || !host.equals(here.host) || !bootId.equals(here.bootId) || !pidNamespace.equals(here.pidNamespace)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // the pid is taken: by the holder, or by a later process that got its pid again
        Optional<Long> started = startMillis(process.get());
        return startMillis != 0 && started.isPresent() && started.get() != startMillis;
    }

    /** For messages: {@code process 123 on host-a}. */
    String describe() {
        return "process " + pid + " on " + (host.isEmpty() ? "an unknown host" : host);
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    private static String currentPidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
