package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * How the program reports failures. A user error (a picocli {@link ParameterException}, which includes numbers
 * that do not parse, or a {@link UserInputException} from anywhere in the cause chain) becomes exactly one line on
 * stderr, {@code <command>: <message>}, and exit status {@link ExitCodes#USAGE}. Anything else is a bug: the stack
 * trace goes to stderr and the status is {@link ExitCodes#INTERNAL_ERROR}.
 */
public final class ErrorReporting implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Installs both handlers on {@code commandLine} (subcommands added later inherit them). */
    public static CommandLine install(CommandLine commandLine) {
        ErrorReporting handler = new ErrorReporting();
        return commandLine.setParameterExceptionHandler(handler).setExecutionExceptionHandler(handler);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine failed = ex.getCommandLine();
        printOneLine(rootErr(failed), failed, ex.getMessage() + " (see --help)");
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = rootErr(commandLine);
        UserInputException userError = findUserError(ex);
        if (userError != null) {
            printOneLine(err, commandLine, userError.getMessage());
            return ExitCodes.USAGE;
        }
        err.println(commandName(commandLine) + ": unexpected error (a bug; please report it with this trace):");
        ex.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The first {@link UserInputException} in the cause chain, or null. */
    static UserInputException findUserError(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UserInputException user) {
                return user;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Folds any line breaks in the message so the report stays a single line. */
    static String singleLine(String message) {
        if (message == null || message.isBlank()) {
            return "invalid input";
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static void printOneLine(PrintWriter err, CommandLine commandLine, String message) {
        err.println(commandName(commandLine) + ": " + singleLine(message));
        err.flush();
    }

    /**
     * The top-level command's stderr: subcommands added after {@code setErr} keep the default System.err, so the
     * root's writer is the one the caller chose.
     */
    private static PrintWriter rootErr(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getErr();
    }

    private static String commandName(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }
}
