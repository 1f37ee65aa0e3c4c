package dev.tideway.samples.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page of a running word count, in a real headless browser (Debian's chromium, driven
 * by its chromedriver through Selenium; {@code .ci/run} installs both): the page shows the
 * pipeline's operators, and their counts grow after new input arrives. A screenshot is saved in
 * {@code target/status-page.png}.
 */
@Tag("slow")
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ADDRESS = Pattern.compile("monitoring on http://localhost:(\\d+)/");

    @TempDir
    Path dir;
    private Process wordCount;
    private WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (wordCount != null) {
            wordCount.destroy();
            wordCount.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePageShowsTheWordCountsOperatorsAndTheirCountsGrowWithNewInput() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)").exists();
        assertThat(CHROMEDRIVER).as("Debian's chromedriver (apt-get install chromium-driver; .ci/run does)").exists();
        Path input = Files.createDirectories(dir.resolve("words"));
        Files.writeString(input.resolve("a.csv"), "word\napple\npear\napple\nplum\n");
        Path log = dir.resolve("wordcount.log");
        wordCount = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), "-Xmx256m", "dev.tideway.samples.Main",
                "wordcount", "--input", input.toString(), "--output", dir.resolve("counts.jsonl").toString(), "--mode", "streaming",
                "--poll-interval-ms", "100", "--state", dir.resolve("state").toString(), "--metrics-port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int port = awaitValue("the word count's monitoring address", () -> {
            Matcher address = ADDRESS.matcher(read(log));
            return address.find() ? Integer.parseInt(address.group(1)) : null;
        });

        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                        "--window-size=1400,1000"));
        browser.get("http://127.0.0.1:" + port + "/");
        // the page redraws its graph while it is read: an element found before a redraw is stale after it,
        // and the read is done again on the page as it is now
        WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(page -> rowsOut("words") == 4);

        List<String> labels = wait.until(page -> nodeLabels());
        assertThat(labels).containsExactly("words", "group-by#1", "jsonlines:" + dir.resolve("counts.jsonl"));
        String phase = wait.until(page -> page.findElement(By.id("phase")).getText());
        assertThat(phase).isEqualTo("running");
        long groupsIn = wait.until(page -> rowsIn("group-by#1"));
        long written = wait.until(page -> rowsOut("jsonlines:" + dir.resolve("counts.jsonl")));
        assertThat(groupsIn).isEqualTo(4);
        assertThat(written).isEqualTo(3);

        Path aside = input.resolve("b.csv.tmp");
        Files.writeString(aside, "word\napple\nfig\nfig\n");
        Files.move(aside, input.resolve("b.csv"));
        wait.until(page -> rowsOut("words") == 7 && rowsIn("group-by#1") == 7);
        // apple's count changes (a retraction and an insertion) and fig is new
        wait.until(page -> rowsOut("jsonlines:" + dir.resolve("counts.jsonl")) == written + 3);
        wait.until(page -> !browser.findElements(By.cssSelector("#commits-svg rect.bar")).isEmpty());
        assertThat(browser.findElement(By.id("sources")).getText()).contains("words", "7");

        Path screenshot = Path.of("target", "status-page.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(screenshot)).isPositive();
    }

    /** The labels of the graph's nodes, in the page's order. */
    private List<String> nodeLabels() {
        List<String> labels = new ArrayList<>();
        for (WebElement node : browser.findElements(By.cssSelector("#graph-svg .node"))) {
            labels.add(node.getDomAttribute("data-label"));
        }
        return labels;
    }

    private long rowsOut(String label) {
        return count(label, "rows-out");
    }

    private long rowsIn(String label) {
        return count(label, "rows-in");
    }

    /** A count the page shows on the node of {@code label}, or -1 while it does not show the node. */
    private long count(String label, String which) {
        for (WebElement node : browser.findElements(By.cssSelector("#graph-svg .node"))) {
            if (label.equals(node.getDomAttribute("data-label"))) {
                return Long.parseLong(node.findElement(By.cssSelector("." + which)).getDomAttribute("data-value"));
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T awaitValue(String what, Supplier<T> value) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T found;
        while ((found = value.get()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return found;
    }
}
