package dev.tideway.flink;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink standalone session cluster of separate JVMs on 127.0.0.1, started from the Flink jars on
 * this JVM's class path: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers
 * ({@code TaskManagerRunner}), all reading one generated {@code config.yaml}. The job's classes are on
 * their class path too, as they are in a Flink image with the job in {@code lib/}. Closing it kills
 * every process it started.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final int restPort;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();

    private StandaloneCluster(Path dir, int restPort, Process jobManager) {
        this.dir = dir;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /** Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each; returns when all have registered. */
    static StandaloneCluster start(Path dir, int taskManagers, int slots) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        int rpcPort = freePort();
        int restPort = freePort();
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 768m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                // what flink's start scripts compute and pass to a TaskManager: the runner started directly needs them set
                "taskmanager.cpu.cores: " + slots,
                "taskmanager.memory.framework.heap.size: 64m",
                "taskmanager.memory.task.heap.size: 192m",
                "taskmanager.memory.framework.off-heap.size: 64m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.managed.size: 32m",
                "taskmanager.memory.network.min: 32m",
                "taskmanager.memory.network.max: 32m",
                "taskmanager.memory.jvm-metaspace.size: 192m",
                "taskmanager.memory.jvm-overhead.min: 128m",
                "taskmanager.memory.jvm-overhead.max: 128m",
                "taskmanager.load-balance.mode: SLOTS",
                // a TaskManager killed is noticed within seconds, not the default 50
                "heartbeat.interval: 500",
                "heartbeat.timeout: 4000",
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 20",
                "restart-strategy.fixed-delay.delay: 500 ms",
                "io.tmp.dirs: " + Files.createDirectories(dir.resolve("tmp")),
                ""));
        StandaloneCluster cluster = new StandaloneCluster(dir, restPort,
                launch(dir, conf, "jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"));
        try {
            for (int i = 0; i < taskManagers; i++) {
                cluster.taskManagers.add(launch(dir, conf, "taskmanager-" + i, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"));
            }
            cluster.awaitTaskManagers(taskManagers);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private static Process launch(Path dir, Path conf, String name, String mainClass) throws IOException {
        List<String> command = List.of(JAVA, "-cp", System.getProperty("java.class.path"), "-Xmx384m", "-XX:+UseSerialGC",
                "-Dlog.file=" + dir.resolve(name + ".log"), mainClass, "--configDir", conf.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int restPort() {
        return restPort;
    }

    /** Waits until {@code count} TaskManagers have registered with the JobManager (its REST overview says so). */
    void awaitTaskManagers(int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest overview = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/overview"))
                .timeout(Duration.ofSeconds(2)).build();
        String[] seen = {"nothing yet"};
        Await.until(Duration.ofSeconds(60), () -> {
            if (!jobManager.isAlive()) {
                throw new AssertionError("the JobManager exited: " + output("jobmanager"));
            }
            try {
                String body = http.send(overview, HttpResponse.BodyHandlers.ofString()).body();
                seen[0] = body;
                Matcher matcher = TASK_MANAGERS.matcher(body);
                return matcher.find() && Integer.parseInt(matcher.group(1)) == count;
            } catch (IOException e) {
                seen[0] = e.toString();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, () -> count + " TaskManagers registered; the overview says " + seen[0] + "\nthe first TaskManager printed:\n"
                + tail(output("taskmanager-0")) + "\nthe JobManager printed:\n" + tail(output("jobmanager")));
    }

    /** The body of a GET of the JobManager's REST API at {@code path}, such as {@code /jobs/<id>/exceptions}. */
    String rest(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILLs TaskManager {@code index} and waits until its process is gone. */
    void killTaskManager(int index) throws InterruptedException {
        Process process = taskManagers.get(index);
        process.destroyForcibly();
        process.waitFor();
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    String output(String name) {
        try {
            Path out = dir.resolve(name + ".out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : taskManagers) {
            process.destroyForcibly();
        }
        jobManager.destroyForcibly();
        for (Process process : taskManagers) {
            process.waitFor();
        }
        jobManager.waitFor();
    }
}
