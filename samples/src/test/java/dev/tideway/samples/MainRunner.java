package dev.tideway.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the samples' command line in this JVM, as the tests of other packages need it; keeps what it printed. */
public final class MainRunner {
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();

    private MainRunner() {}

    /** The exit code of {@code java -jar tideway-samples.jar args...}. */
    public static int run(String... args) {
        OUT.reset();
        ERR.reset();
        return Main.run(args, new PrintStream(OUT, true, StandardCharsets.UTF_8), new PrintStream(ERR, true, StandardCharsets.UTF_8));
    }

    public static String out() {
        return OUT.toString(StandardCharsets.UTF_8);
    }

    public static String err() {
        return ERR.toString(StandardCharsets.UTF_8);
    }
}
