package dev.tideway.samples.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of the form {@code --name value}, and flags of the form {@code --name}, checked against the
 * names a command knows. Where an option name is expected, {@code --help}, {@code -h} or {@code help}
 * asks for the usage ({@link HelpRequested}), whatever else the line holds.
 */
public final class Arguments {
    private final Map<String, String> values;
    private final java.util.Set<String> flags;

    private Arguments(Map<String, String> values, java.util.Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    public static Arguments parse(List<String> args, List<String> known) {
        return parse(args, known, List.of());
    }

    /** Parses options with values ({@code known}) and flags without ({@code knownFlags}). */
    public static Arguments parse(List<String> args, List<String> known, List<String> knownFlags) {
        boolean nameExpected = true;
        for (String word : args) {
            // "help" may be a value (a folder named help); --help and -h never are
            if (word.equals("--help") || word.equals("-h") || (nameExpected && HelpRequested.asks(word))) {
                throw new HelpRequested();
            }
            nameExpected = !nameExpected || knownFlags.contains(word);
        }
        Map<String, String> values = new HashMap<>();
        java.util.Set<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (knownFlags.contains(name)) {
                if (!flags.add(name)) {
                    throw new UsageException(name + " is given twice");
                }
                continue;
            }
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
        return new Arguments(values, flags);
    }

    /** Whether the flag was given. */
    public boolean flag(String name) {
        return flags.contains(name);
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
