package dev.tideway.samples.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of the form {@code --name value}, checked against the names a command knows. Where an
 * option name is expected, {@code --help}, {@code -h} or {@code help} asks for the usage
 * ({@link HelpRequested}), whatever else the line holds.
 */
public final class Arguments {
    private final Map<String, String> values;

    private Arguments(Map<String, String> values) {
        this.values = values;
    }

    public static Arguments parse(List<String> args, List<String> known) {
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            // "help" may be a value (a folder named help); --help and -h never are
            if (word.equals("--help") || word.equals("-h") || (i % 2 == 0 && HelpRequested.asks(word))) {
                throw new HelpRequested();
            }
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!known.contains(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(name + " needs a value");
            }
            if (values.put(name, args.get(++i)) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        return new Arguments(values);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new UsageException(name + " is required"));
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public long longValue(String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new UsageException(name + " must not be negative: " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number of milliseconds, not " + text);
        }
    }
}
