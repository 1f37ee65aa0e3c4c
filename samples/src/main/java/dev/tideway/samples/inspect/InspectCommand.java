package dev.tideway.samples.inspect;

import dev.tideway.persistence.Backend;
import dev.tideway.persistence.inspect.StateInspector;
import dev.tideway.samples.cli.Arguments;
import dev.tideway.samples.cli.StateLocations;
import dev.tideway.samples.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code inspect --state LOCATION [--snapshot-state LOCATION] [--verify true]}: describes a state
 * location (and its snapshot location when the word count was given one); verify checks every
 * checksum and that the two locations belong together.
 */
public final class InspectCommand {
    public static final String USAGE = """
            usage: inspect --state LOCATION [--snapshot-state LOCATION] [--verify true]
              --state LOCATION           the state location of a pipeline: a folder, s3://BUCKET/PREFIX or
                                         azure://CONTAINER/PREFIX, as given to wordcount (read only; works while it runs)
              --snapshot-state LOCATION  where its snapshots and log are, if the run was given --snapshot-state
              --verify true              also check every checksum; exit 1 if anything is damaged""";

    private InspectCommand() {}

    /** Returns the exit code: 0, or 1 when verify found damage. */
    public static int run(List<String> args) {
        Arguments arguments = Arguments.parse(args, List.of("--state", "--snapshot-state", "--verify"));
        Backend metadata = existing("--state", arguments.required("--state"));
        Backend snapshots = arguments.optional("--snapshot-state").map(location -> existing("--snapshot-state", location))
                .orElse(metadata);
        StateInspector inspector = new StateInspector(metadata, snapshots);
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

    /** The backend of a location, which must exist when it is a folder (the inspector creates nothing). */
    private static Backend existing(String option, String location) {
        if (!location.contains("://") && !Files.isDirectory(Path.of(location))) {
            throw new UsageException(option + " " + location + " is not a directory");
        }
        return StateLocations.parse(location);
    }
}
