package dev.tideway.azure.testing;

import dev.tideway.persistence.Retry;
import dev.tideway.azure.AzureSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite, the Azure Blob emulator, in a child process on a free port of 127.0.0.1.
 *
 * <p>Installed by the tests themselves, with {@code npm install azurite@VERSION} into
 * {@code ~/.cache/tideway/azurite-VERSION} (or the folder of the {@code tideway.azurite.home} system
 * property) the first time, under a file lock so parallel builds install once; then reused. Node and
 * npm must be on the PATH: when they are missing or the install fails, the tests fail, they are
 * not skipped. Data lives in a folder of its own, so {@link #kill()} then {@link #start()} brings
 * back the same blobs on the same port, as a store back from an outage does.
 */
public final class AzuriteServer implements AutoCloseable {
    public static final String VERSION = "3.37.0";
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key. */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Path data;
    private final int port;
    private Process process;

    private AzuriteServer(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /** Installs Azurite if needed and starts it with its data in {@code data}. */
    public static AzuriteServer start(Path data) throws Exception {
        AzuriteServer server = new AzuriteServer(data, freePort());
        server.start();
        return server;
    }

    public synchronized void start() throws Exception {
        Path main = install();
        Files.createDirectories(data);
        List<String> command = new ArrayList<>(List.of("node", main.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                "--location", data.toString(), "--disableTelemetry", "--skipApiVersionCheck", "--silent", "--loose"));
        Path log = data.resolve("azurite.log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(data.resolve("azurite.pid"), Long.toString(process.pid()));
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + " on start: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Azurite did not listen on port " + port + " within 30 s; see " + log);
            }
            Thread.sleep(50);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the process at once (SIGKILL), as an outage or a crash of the store would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the process gracefully, then by force. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    /** Short retries, so that failing tests fail fast. */
    public static final Retry SHORT_RETRY = Retry.defaults().withDelays(Duration.ofMillis(50), Duration.ofMillis(500))
            .withDeadline(Duration.ofSeconds(5));

    /** A container of this server, reached with its connection string and {@link #SHORT_RETRY}. */
    public AzureSettings settings(String container) {
        return AzureSettings.connectionString(connectionString(), container).withRetry(SHORT_RETRY);
    }

    public int port() {
        return port;
    }

    /** The path of Azurite's blob server script, installed if missing. */
    static Path install() throws Exception {
        String configured = System.getProperty("tideway.azurite.home");
        Path home = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "tideway", "azurite-" + VERSION);
        Path main = home.resolve("node_modules/azurite/dist/src/blob/main.js");
        if (Files.isRegularFile(main)) {
            return main;
        }
        Files.createDirectories(home.getParent());
        try (FileChannel channel = FileChannel.open(home.getParent().resolve("azurite-" + VERSION + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (Files.isRegularFile(main)) {
                return main;   // installed by another build while we waited
            }
            Path staging = Files.createTempDirectory(home.getParent(), "azurite-install-");
            Path log = staging.resolve("npm-install.log");
            Process npm = new ProcessBuilder("npm", "install", "--prefix", staging.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", "azurite@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install azurite@" + VERSION + " took more than " + INSTALL_TIMEOUT);
            }
            if (npm.exitValue() != 0 || !Files.isRegularFile(staging.resolve("node_modules/azurite/dist/src/blob/main.js"))) {
                throw new IllegalStateException("npm install azurite@" + VERSION + " failed (exit " + npm.exitValue()
                        + "); the Azure tests need Node and npm on the PATH: " + Files.readString(log));
            }
            if (Files.exists(home)) {
                deleteTree(home);    // a broken earlier install
            }
            Files.move(staging, home);
            return main;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
