package dev.tideway.samples.inspect;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.inspect.StateInspector;
import dev.tideway.samples.cli.Arguments;
import dev.tideway.samples.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code inspect --state DIR [--verify true]}: describes a state location; verify checks every checksum. */
public final class InspectCommand {
    public static final String USAGE = """
            usage: inspect --state DIR [--verify true]
              --state DIR      the state location of a pipeline (read only; works while it runs)
              --verify true    also check every checksum; exit 1 if anything is damaged""";

    private InspectCommand() {}

    /** Returns the exit code: 0, or 1 when verify found damage. */
    public static int run(List<String> args) {
        Arguments arguments = Arguments.parse(args, List.of("--state", "--verify"));
        Path state = Path.of(arguments.required("--state"));
        if (!Files.isDirectory(state)) {
            throw new UsageException("--state " + state + " is not a directory");
        }
        StateInspector inspector = new StateInspector(Backend.filesystem(state));
        inspector.describe(System.out);
        if (!arguments.optional("--verify").map(Boolean::parseBoolean).orElse(false)) {
            return 0;
        }
        List<String> damage = inspector.verify();
        if (damage.isEmpty()) {
            System.out.println("verify: every checksum matches");
            return 0;
        }
        System.out.println("verify: " + damage.size() + " damaged object(s):");
        damage.forEach(line -> System.out.println("  " + line));
        return 1;
    }
}
