package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.Main;
import io.github.tapegrad.examples.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.github.tapegrad.nn.checkpoint.CheckpointException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program run in-process with captured stdout and stderr. */
class MainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A stand-in for a real example: uses the shared options and fails on request. */
    @Command(name = "probe", mixinStandardHelpOptions = true)
    static final class Probe implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--fail")
        String fail = "";

        @Override
        public Integer call() throws Exception {
            switch (fail) {
                case "user" -> throw new UserInputException("--text x.txt: file not found");
                case "wrapped" -> throw new IllegalStateException("worker failed",
                        new UserInputException("--out o: exists and is not a directory"));
                case "bug" -> throw new IllegalStateException("boom");
                case "disk-full" -> throw new UncheckedIOException("cannot write plot o/p.png",
                        new IOException("No space left on device"));
                case "fs" -> throw new UncheckedIOException("cannot write checkpoint o/c.safetensors",
                        new FileSystemException("o/.c.safetensors.1a2b.tmp", null, "File too large"));
                case "checkpoint" -> throw new UncheckedIOException("cannot write checkpoint o/c.safetensors",
                        new CheckpointException("o/c.safetensors", "cannot write: No space left on device"));
                case "bare-io" -> throw new IOException("Input/output error");
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "oom-in-worker" -> throw new IllegalStateException("Parallel.forRange: a chunk failed",
                        new OutOfMemoryError("Java heap space"));
                default -> {
                    Path created = common.createOutDir();
                    return created.toFile().isDirectory() ? ExitCodes.OK : 99;
                }
            }
        }
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** Runs the program with the probe registered, as {@link Main#run} runs it. */
    private int runWithProbe(Probe probe, String... args) {
        CommandLine commandLine = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err));
        commandLine.addSubcommand("probe", probe);
        // setOut/setErr reach only subcommands that exist when called; real examples are registered up front.
        commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int status = Main.execute(commandLine, args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return status;
    }

    private void assertOneLine(String expected) {
        assertEquals(expected + System.lineSeparator(), err.toString());
    }

    @Test
    void unknownOptionIsOneLineAndStatus2() {
        assertEquals(ExitCodes.USAGE, run("--bogus"));
        assertOneLine("tapegrad-examples: Unknown option: '--bogus' (see --help)");
        assertEquals("", out.toString());
    }

    @Test
    void missingSubcommand() {
        assertEquals(ExitCodes.USAGE, run());
        String line = err.toString().strip();
        assertTrue(line.startsWith("tapegrad-examples: missing subcommand; choose one of ") && line.endsWith(" (see --help)")
                && !line.contains("\n"), line);
        for (String example : new String[] {"time-machine", "generate", "sine", "square", "adding", "copy-memory",
                "custom-cell", "bench"}) {
            assertTrue(line.contains(example), line);
        }
    }

    @Test
    void missingSubcommandListsTheExamples() {
        CommandLine commandLine = Main.newCommandLine(new PrintWriter(out), new PrintWriter(err));
        commandLine.addSubcommand("probe", new Probe());
        assertEquals(ExitCodes.USAGE, commandLine.execute());
        commandLine.getErr().flush();
        String line = err.toString().strip();
        assertTrue(line.startsWith("tapegrad-examples: missing subcommand; choose one of ") && line.endsWith(", probe (see --help)"),
                line);
    }

    @Test
    void subcommandHelpShowsCommonOptions() {
        assertEquals(ExitCodes.OK, runWithProbe(new Probe(), "probe", "--help"));
        assertTrue(out.toString().contains("--threads=N"), out.toString());
        assertTrue(out.toString().contains("(default: 42)"), out.toString());
    }

    @Test
    void helpAndVersion() {
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().contains("Usage: tapegrad-examples"), out.toString());
        assertEquals(ExitCodes.OK, run("--version"));
        assertTrue(out.toString().contains("tapegrad-examples development build"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void badNumberIsAUsageError() {
        assertEquals(ExitCodes.USAGE, runWithProbe(new Probe(), "probe", "--seed", "abc"));
        assertOneLine("tapegrad-examples probe: Invalid value for option '--seed': 'abc' is not a long (see --help)");
    }

    @Test
    void threadsOutOfRange() {
        assertEquals(ExitCodes.USAGE, runWithProbe(new Probe(), "probe", "--threads", "0"));
        assertOneLine("tapegrad-examples probe: --threads 0: must be between 1 and 1024 (see --help)");
    }

    @Test
    void commonOptionsAreParsed() {
        Probe probe = new Probe();
        Path outDir = dir.resolve("results");
        assertEquals(ExitCodes.OK, runWithProbe(probe, "probe", "--seed", "7", "--threads", "3", "--out",
                outDir.toString()));
        assertEquals(7, probe.common.seed());
        assertEquals(3, probe.common.threads());
        assertTrue(Files.isDirectory(outDir));
        assertEquals(outDir.resolve("plot.png"), probe.common.outFile("plot.png"));
        assertEquals("", err.toString());
    }

    @Test
    void defaults() {
        Probe probe = new Probe();
        Path outDir = dir.resolve("out");
        assertEquals(ExitCodes.OK, runWithProbe(probe, "probe", "--out", outDir.toString()));
        assertEquals(42, probe.common.seed());
        assertEquals(Runtime.getRuntime().availableProcessors(), probe.common.threads());
    }

    @Test
    void outThatIsAFileIsAUserError() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertEquals(ExitCodes.USAGE, runWithProbe(new Probe(), "probe", "--out", file.toString()));
        assertOneLine("tapegrad-examples probe: --out " + file + ": exists and is not a directory");
    }

    @Test
    void userInputExceptionIsOneLineAndStatus2() {
        assertEquals(ExitCodes.USAGE, runWithProbe(new Probe(), "probe", "--fail", "user"));
        assertOneLine("tapegrad-examples probe: --text x.txt: file not found");
    }

    @Test
    void wrappedUserInputExceptionIsStillAUserError() {
        assertEquals(ExitCodes.USAGE, runWithProbe(new Probe(), "probe", "--fail", "wrapped"));
        assertOneLine("tapegrad-examples probe: --out o: exists and is not a directory");
    }

    @Test
    void bugGivesStackTraceAndStatus1() {
        assertEquals(ExitCodes.INTERNAL_ERROR, runWithProbe(new Probe(), "probe", "--fail", "bug"));
        String text = err.toString();
        assertTrue(text.startsWith("tapegrad-examples probe: unexpected error"), text);
        assertTrue(text.contains("java.lang.IllegalStateException: boom"), text);
        assertTrue(text.contains("\tat "), "stack trace expected: " + text);
    }

    @Test
    void aFailedWriteIsOneLineNamingTheFileAndTheCauseWithTheIoStatus() {
        assertEquals(ExitCodes.IO_ERROR, runWithProbe(new Probe(), "probe", "--fail", "disk-full"));
        assertOneLine("tapegrad-examples probe: cannot write plot o/p.png: No space left on device");
    }

    @Test
    void aFileSystemExceptionGivesItsFileAndReasonWithoutItsClassName() {
        assertEquals(ExitCodes.IO_ERROR, runWithProbe(new Probe(), "probe", "--fail", "fs"));
        assertOneLine("tapegrad-examples probe: cannot write checkpoint o/c.safetensors: "
                + "o/.c.safetensors.1a2b.tmp: File too large");
    }

    @Test
    void aCheckpointExceptionFromAWriteIsAnIoError() {
        assertEquals(ExitCodes.IO_ERROR, runWithProbe(new Probe(), "probe", "--fail", "checkpoint"));
        assertOneLine("tapegrad-examples probe: cannot write checkpoint o/c.safetensors: "
                + "checkpoint o/c.safetensors: cannot write: No space left on device");
    }

    @Test
    void anIoExceptionWithoutAFileIsStillOneLine() {
        assertEquals(ExitCodes.IO_ERROR, runWithProbe(new Probe(), "probe", "--fail", "bare-io"));
        assertOneLine("tapegrad-examples probe: Input/output error");
    }

    @Test
    void outOfMemoryThrownPastPicocliIsOneLineNamingTheHeap() {
        assertEquals(ExitCodes.OUT_OF_MEMORY, runWithProbe(new Probe(), "probe", "--fail", "oom"));
        assertOneLine("tapegrad-examples probe: out of memory: the run needed more than the JVM's heap of at most "
                + Bytes.maxHeap() + " (Java heap space); use smaller sizes or raise -Xmx");
    }

    @Test
    void outOfMemoryInsideAnExceptionIsTheSameReport() {
        assertEquals(ExitCodes.OUT_OF_MEMORY, runWithProbe(new Probe(), "probe", "--fail", "oom-in-worker"));
        assertTrue(err.toString().startsWith("tapegrad-examples probe: out of memory: "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void multiLineMessagesAreFolded() {
        assertEquals("a; b", ErrorReporting.singleLine("a\n  b\n"));
        assertEquals("invalid input", ErrorReporting.singleLine(null));
    }
}
