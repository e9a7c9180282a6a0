package io.github.tapegrad.examples;

import io.github.tapegrad.examples.bench.BenchCommand;
import io.github.tapegrad.examples.cli.ErrorReporting;
import io.github.tapegrad.examples.cli.VersionInfo;
import io.github.tapegrad.examples.customcell.CustomCellCommand;
import io.github.tapegrad.examples.lm.GenerateCommand;
import io.github.tapegrad.examples.lm.TimeMachineCommand;
import io.github.tapegrad.examples.regression.SineCommand;
import io.github.tapegrad.examples.regression.SquareCommand;
import io.github.tapegrad.examples.study.StudyCommand;
import io.github.tapegrad.examples.tasks.AddingCommand;
import io.github.tapegrad.examples.tasks.CopyMemoryCommand;
import io.github.tapegrad.examples.zoo.CellsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Entry point of {@code tapegrad-examples.jar}. Each example is a subcommand; register new ones in the
 * {@code subcommands} list of the annotation below.
 */
@Command(name = "tapegrad-examples",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Examples for tapegrad: character-level language models on \"The Time Machine\" "
                + "(d2l chapter 8/9), small sequence regression tasks, the adding and copy-memory tasks "
                + "with variable lengths, and benchmarks.",
        subcommands = {CommandLine.HelpCommand.class, TimeMachineCommand.class, GenerateCommand.class,
                SineCommand.class, SquareCommand.class, AddingCommand.class, CopyMemoryCommand.class,
                CustomCellCommand.class, BenchCommand.class, CellsCommand.class, StudyCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Called only when no subcommand was given. */
    @Override
    public void run() {
        List<String> examples = spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList();
        throw new ParameterException(spec.commandLine(), "missing subcommand; choose one of "
                + (examples.isEmpty() ? "(none registered yet)" : String.join(", ", examples)));
    }

    /** A fully configured command line (error handlers installed) writing to the given streams. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out).setErr(err);
        return ErrorReporting.install(commandLine);
    }

    /** Runs the program in-process and returns its exit status, without calling {@link System#exit}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            return execute(newCommandLine(out, err), args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * {@code commandLine.execute(args)}, with an {@link OutOfMemoryError} (picocli lets errors pass) reported as the
     * last resort's one line rather than the JVM's trace.
     */
    public static int execute(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            return ErrorReporting.outOfMemory(commandLine, e);
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        System.exit(run(out, err, args));
    }
}
