package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Options every training subcommand shares; add to a command with {@code @Mixin CommonOptions common;}.
 * Out-of-range values are rejected while parsing, so they get the one-line usage error like a typo would.
 */
public final class CommonOptions {

    /** Upper bound for --threads; far above any sensible value, it only catches typos like 1000000. */
    public static final int MAX_THREADS = 1024;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private long seed = 42;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Path outDir = Path.of("out");

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for parameter initialisation and minibatch sampling (default: ${DEFAULT-VALUE}).")
    void setSeed(long seed) {
        this.seed = seed;
    }

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads for the tensor kernels, 1 to " + MAX_THREADS
                    + " (default: the number of processors).")
    void setThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ParameterException(mixee.commandLine(),
                    "--threads " + threads + ": must be between 1 and " + MAX_THREADS);
        }
        this.threads = threads;
    }

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Directory for plots, checkpoints and other outputs (default: ${DEFAULT-VALUE}).")
    void setOutDir(Path outDir) {
        if (outDir.toString().isEmpty()) {  // Path.of("") would quietly be the working directory
            throw new ParameterException(mixee.commandLine(), "--out: the path is empty");
        }
        this.outDir = outDir;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    /** The --out directory as given; it may not exist yet (see {@link #createOutDir()}). */
    public Path outDir() {
        return outDir;
    }

    /**
     * Creates the --out directory if needed and returns it; a path that cannot be a directory is a user error.
     * Commands call it (through {@link #outFile}) before they train, so a bad --out costs no training time.
     */
    public Path createOutDir() {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UserInputException("--out " + outDir + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UserInputException("--out " + outDir + ": cannot create directory ("
                    + ErrorReporting.reason(e) + ")", e);
        }
        if (!Files.isWritable(outDir)) {
            throw new UserInputException("--out " + outDir + ": directory is not writable");
        }
        return outDir;
    }

    /**
     * {@code fileName} inside the (created) --out directory; refused up front if a directory already takes that
     * name, since the file could then only fail to be written at the end of the run.
     */
    public Path outFile(String fileName) {
        Path file = createOutDir().resolve(fileName);
        if (Files.isDirectory(file)) {
            throw new UserInputException("--out " + outDir + ": " + file + " is a directory, so the "
                    + fileName + " cannot be written there");
        }
        return file;
    }
}
