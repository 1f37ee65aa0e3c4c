package dev.tideway.samples;

import dev.tideway.InputException;
import dev.tideway.persistence.PersistenceException;
import dev.tideway.samples.cli.HelpRequested;
import dev.tideway.samples.cli.UsageException;
import dev.tideway.samples.inspect.InspectCommand;
import dev.tideway.samples.sensors.SensorsCommand;
import dev.tideway.samples.wordcount.WordCountCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The samples' entry point: {@code java -jar tideway-samples.jar wordcount ...}. Errors a user can
 * fix print a message and exit 1; usage errors print the usage on standard error and exit 2; help
 * ({@code --help}, {@code -h} or {@code help}, alone or after a command) prints the usage on standard
 * output and exits 0.
 */
public final class Main {
    static final String COMMANDS = """
            usage: java -jar tideway-samples.jar COMMAND [OPTIONS]
            commands:
              wordcount   count the words of a directory of CSV files, incrementally and persistently
              sensors     average sensor readings per sensor in 5-minute event-time windows, persistently
              inspect     describe a state location and check its checksums
              help        this text; 'help COMMAND' or 'COMMAND --help' shows a command's options""";

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0 || (args.length > 0 && args[0].equals("inspect"))) {
            System.exit(code);
        }
    }

    /** Runs a command line and returns the exit code; output goes to {@code out}, messages to {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        if (HelpRequested.asks(command)) {
            String usage = rest.isEmpty() ? null : usageOf(rest.get(0));
            out.println(usage != null ? usage : COMMANDS + "\n\n" + WordCountCommand.USAGE + "\n\n" + SensorsCommand.USAGE
                    + "\n\n" + InspectCommand.USAGE);
            return rest.isEmpty() || usage != null ? 0 : unknownCommand(rest.get(0), err);
        }
        String usage = usageOf(command);
        if (usage == null) {
            return args.length == 0 ? missingCommand(err) : unknownCommand(command, err);
        }
        try {
            if (command.equals("inspect")) {
                return InspectCommand.run(rest);
            }
            if (command.equals("sensors")) {
                SensorsCommand.run(rest);
                return 0;
            }
            WordCountCommand.run(rest);
            return 0;
        } catch (HelpRequested e) {
            out.println(usage);
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(usage);
            return 2;
        } catch (InputException | PersistenceException | IllegalStateException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static String usageOf(String command) {
        return switch (command) {
            case "wordcount" -> WordCountCommand.USAGE;
            case "inspect" -> InspectCommand.USAGE;
            case "sensors" -> SensorsCommand.USAGE;
            default -> null;
        };
    }

    private static int missingCommand(PrintStream err) {
        err.println("missing command");
        err.println(COMMANDS);
        return 2;
    }

    private static int unknownCommand(String command, PrintStream err) {
        err.println("unknown command " + command);
        err.println(COMMANDS);
        return 2;
    }
}
