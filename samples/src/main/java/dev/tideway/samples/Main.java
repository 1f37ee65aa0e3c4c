package dev.tideway.samples;

import dev.tideway.engine.input.InputException;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.samples.cli.UsageException;
import dev.tideway.samples.inspect.InspectCommand;
import dev.tideway.samples.sensors.SensorsCommand;
import dev.tideway.samples.wordcount.WordCountCommand;
import java.util.Arrays;
import java.util.List;

/**
 * The samples' entry point: {@code java -jar tideway-samples.jar wordcount ...}. Errors a user can
 * fix print a message and exit 1; usage errors print the usage and exit 2.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        String usage = command.equals("inspect") ? InspectCommand.USAGE
                : command.equals("sensors") ? SensorsCommand.USAGE : WordCountCommand.USAGE;
        if (!command.equals("wordcount") && !command.equals("inspect") && !command.equals("sensors")) {
            System.err.println(args.length == 0 ? "missing command" : "unknown command " + command);
            System.err.println(WordCountCommand.USAGE);
            System.err.println(SensorsCommand.USAGE);
            System.err.println(InspectCommand.USAGE);
            System.exit(2);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            if (command.equals("inspect")) {
                System.exit(InspectCommand.run(rest));
            }
            if (command.equals("sensors")) {
                SensorsCommand.run(rest);
                return;
            }
            WordCountCommand.run(rest);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
        } catch (InputException | PersistenceException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
