package dev.tideway.samples.cli;

/**
 * The command line asks for help ({@code --help}, {@code -h} or {@code help} where an option name is
 * expected): the command's usage is printed on standard output and the program exits 0.
 */
public final class HelpRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HelpRequested() {
        super("help requested", null, false, false);
    }

    /** Whether {@code word}, in the place of an option name, asks for help. */
    public static boolean asks(String word) {
        return word.equals("--help") || word.equals("-h") || word.equals("help");
    }
}
