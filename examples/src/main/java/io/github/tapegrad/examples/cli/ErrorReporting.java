package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How the program reports failures, each but a bug as exactly one line on stderr, {@code <command>: <message>}:
 * <ul>
 *   <li>a user error (a picocli {@link ParameterException}, which includes numbers that do not parse, or a
 *       {@link UserInputException} anywhere in the cause chain): {@link ExitCodes#USAGE};</li>
 *   <li>an {@link OutOfMemoryError} (in the chain, or thrown past picocli, see {@link #outOfMemory}):
 *       {@link ExitCodes#OUT_OF_MEMORY}, naming the heap's size;</li>
 *   <li>an {@link IOException} or {@link UncheckedIOException} in the chain (a checkpoint or plot that cannot be
 *       written: disk full, file too large): {@link ExitCodes#IO_ERROR}, the outermost message (which names the
 *       file: every write site wraps its failure so) and the root cause's reason;</li>
 *   <li>anything else is a bug: the stack trace goes to stderr and the status is {@link ExitCodes#INTERNAL_ERROR}.</li>
 * </ul>
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
        UserInputException userError = find(ex, UserInputException.class);
        if (userError != null) {
            printOneLine(err, commandLine, userError.getMessage());
            return ExitCodes.USAGE;
        }
        OutOfMemoryError oom = find(ex, OutOfMemoryError.class);
        if (oom != null) {
            printOneLine(err, commandLine, outOfMemoryMessage(oom));
            return ExitCodes.OUT_OF_MEMORY;
        }
        Throwable io = outermostIo(ex);
        if (io != null) {
            printOneLine(err, commandLine, ioMessage(io));
            return ExitCodes.IO_ERROR;
        }
        err.println(commandName(commandLine) + ": unexpected error (a bug; please report it with this trace):");
        ex.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * The last resort for an {@link OutOfMemoryError} that escaped {@code execute} (picocli passes only
     * exceptions to the handler): one line naming the subcommand that ran and the heap's size.
     */
    public static int outOfMemory(CommandLine root, OutOfMemoryError error) {
        CommandLine ran = root;
        ParseResult parsed = root.getParseResult();
        while (parsed != null && parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
            ran = parsed.commandSpec().commandLine();
        }
        printOneLine(rootErr(root), ran, outOfMemoryMessage(error));
        return ExitCodes.OUT_OF_MEMORY;
    }

    static String outOfMemoryMessage(OutOfMemoryError error) {
        String detail = error.getMessage() == null ? "" : " (" + error.getMessage() + ")";
        return "out of memory: the run needed more than the JVM's heap of at most " + Bytes.maxHeap() + detail
                + "; use smaller sizes or raise -Xmx";
    }

    /** The first {@code type} in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The first {@link IOException} or {@link UncheckedIOException} in the chain, or null. */
    static Throwable outermostIo(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * The outermost I/O failure's own message (write sites put the file in it, e.g. "cannot write checkpoint
     * out/x.safetensors") followed by the root cause's reason ("No space left on device") unless already in it.
     */
    static String ioMessage(Throwable io) {
        Throwable root = io;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = reason(root);
        String own = io.getMessage();
        if (own == null || own.isBlank() || (io.getCause() != null && own.equals(io.getCause().toString()))) {
            return "I/O error: " + reason;
        }
        if (root == io || own.contains(reason)) {
            return own;
        }
        return own + ": " + reason;
    }

    /** What went wrong, without exception class names: "o/x.png: No space left on device". */
    static String reason(Throwable t) {
        if (t instanceof FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason() : missingReason(fs);
            String where = fs.getFile() == null ? "" : fs.getFile() + (fs.getOtherFile() == null ? ""
                    : " -> " + fs.getOtherFile()) + ": ";
            return where + reason;
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? "I/O error" : message;
    }

    private static String missingReason(FileSystemException fs) {
        if (fs instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (fs instanceof AccessDeniedException) {
            return "permission denied";
        } else if (fs instanceof FileAlreadyExistsException) {
            return "already exists";
        } else if (fs instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        } else if (fs instanceof NotDirectoryException) {
            return "not a directory";
        }
        return "file system error";
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
