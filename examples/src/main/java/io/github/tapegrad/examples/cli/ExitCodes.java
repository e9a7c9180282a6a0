package io.github.tapegrad.examples.cli;

/** Process exit statuses of the examples program. */
public final class ExitCodes {

    /** Finished normally (also for --help and --version). */
    public static final int OK = 0;

    /** An unexpected failure: a bug or an environment problem; the stack trace is printed. */
    public static final int INTERNAL_ERROR = 1;

    /** The user asked for something impossible: a bad option, number, file or directory. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
