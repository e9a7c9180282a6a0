package io.github.tapegrad.examples.cli;

/**
 * Process exit statuses of the examples program. Every failure but a bug is exactly one line on stderr.
 *
 * <table>
 *   <caption>statuses</caption>
 *   <tr><td>0</td><td>finished (also --help, --version)</td></tr>
 *   <tr><td>1</td><td>a bug: the stack trace is printed; also bench's refusal to time a wrong answer</td></tr>
 *   <tr><td>2</td><td>bad input: an option, number, file, directory or checkpoint the run cannot use</td></tr>
 *   <tr><td>3</td><td>the JVM's heap ran out although the sizes passed the up-front estimate</td></tr>
 *   <tr><td>74</td><td>an input or output operation failed (disk full, file too large, I/O error): sysexits.h's
 *   EX_IOERR, so scripts that know that convention read it right</td></tr>
 * </table>
 */
public final class ExitCodes {

    /** Finished normally (also for --help and --version). */
    public static final int OK = 0;

    /** An unexpected failure: a bug; the stack trace is printed. */
    public static final int INTERNAL_ERROR = 1;

    /** The user asked for something impossible: a bad option, number, file or directory. */
    public static final int USAGE = 2;

    /** The heap ran out (an {@link OutOfMemoryError}); sizes that surely cannot fit are refused earlier, with 2. */
    public static final int OUT_OF_MEMORY = 3;

    /** Reading or writing a file failed on the way (disk full, file too large, I/O error); sysexits' EX_IOERR. */
    public static final int IO_ERROR = 74;

    private ExitCodes() {
    }
}
