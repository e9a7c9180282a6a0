package io.github.tapegrad.examples;

import io.github.tapegrad.examples.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The program in a child JVM under real limits, which fail for root too: a small -Xmx (sizes refused up front,
 * naming the heap) and a file-size limit ({@code ulimit -f}, so writes fail with EFBIG as on a full disk: one line,
 * exit status 74, the previous checkpoint intact). The child runs without the Vector API flag, so its stderr holds
 * nothing but the program's own line.
 */
class ResourceLimitsTest {

    @TempDir
    Path dir;

    private record Child(int exit, String out, String err) {
        /** The single line the program printed on stderr (besides the JVM's own incubator-module warning). */
        String line() {
            List<String> lines = err.strip().lines()
                    .filter(l -> !l.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList();
            assertEquals(1, lines.size(), () -> "exit " + exit + ", stderr:\n" + err + "\nstdout:\n" + out);
            return lines.get(0);
        }
    }

    /** Runs the examples program with {@code jvmFlags}, under {@code ulimit -f blocks} if that is not null. */
    private Child run(String fileSizeLimitKiB, List<String> jvmFlags, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: these runs are short, and compiling less makes them shorter
        List<String> command = new ArrayList<>(List.of(java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path")));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));   // as the launcher runs it
        }
        command.addAll(jvmFlags);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        if (fileSizeLimitKiB != null) {
            assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no /bin/bash to set ulimit -f");
            List<String> wrapped = new ArrayList<>(List.of("/bin/bash", "-c",
                    "ulimit -f " + fileSizeLimitKiB + " && exec \"$@\"", "limit"));
            wrapped.addAll(command);
            command = wrapped;
        }
        Path stdout = dir.resolve("child.out");
        Path stderr = dir.resolve("child.err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int exit = p.waitFor();
        return new Child(exit, Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private Path foxText() throws IOException {
        return Files.writeString(dir.resolve("fox.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(40));
    }

    private static String[] tinyTimeMachine(Path text, Path out, String seed) {
        return new String[] {"time-machine", "--text", text.toString(), "--out", out.toString(), "--hidden", "16",
            "--batch-size", "4", "--num-steps", "8", "--max-tokens", "200", "--threads", "1", "--epochs", "1",
            "--seed", seed};
    }

    @Test
    void aFullDiskDuringTheCheckpointSaveIsOneIoErrorLineAndKeepsThePreviousCheckpoint() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: ulimit -f is tested on Linux");
        Path text = foxText();
        Path out = dir.resolve("out");
        CommandRun.of(tinyTimeMachine(text, out, "1")).succeeded();
        Path checkpoint = out.resolve("time-machine.safetensors");
        byte[] previous = Files.readAllBytes(checkpoint);

        // the checkpoint is about 14 KiB: with writes capped at 4 KiB, saving it fails (EFBIG) like a full disk
        Child child = run("4", List.of(), tinyTimeMachine(text, out, "2"));

        assertEquals(ExitCodes.IO_ERROR, child.exit(), child.err());
        assertEquals("tapegrad-examples time-machine: cannot write checkpoint " + checkpoint + ": File too large",
                child.line());
        assertArrayEquals(previous, Files.readAllBytes(checkpoint), "the previous checkpoint must be intact");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("time-machine-perplexity.png", "time-machine.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void aPlotThatCannotBeWrittenIsOneIoErrorLine() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: ulimit -f is tested on Linux");
        Path out = dir.resolve("out");
        Child child = run("8", List.of(), "sine", "--epochs", "1", "--threads", "1", "--out", out.toString());

        assertEquals(ExitCodes.IO_ERROR, child.exit(), child.err());
        assertEquals("tapegrad-examples sine: cannot write plot " + out.resolve("sine.png") + ": File too large",
                child.line());
    }

    @Test
    void sizesTooLargeForTheHeapAreRefusedUpFrontNamingTheHeap() throws Exception {
        Path text = foxText();
        Child child = run(null, List.of("-Xmx64m"), "time-machine", "--text", text.toString(), "--hidden", "2048",
                "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.USAGE, child.exit(), child.err());
        String line = child.line();
        assertTrue(line.startsWith("tapegrad-examples time-machine: --hidden 2048: the run needs about "), line);
        assertTrue(line.contains("but the JVM's heap is at most ") && line.endsWith("; lower --hidden or raise -Xmx"),
                line);
        assertEquals("", child.out(), "refused before any output");

        Child bench = run(null, List.of("-Xmx64m"), "bench", "--config", "B", "--hidden", "1024");
        assertEquals(ExitCodes.USAGE, bench.exit(), bench.err());
        assertTrue(bench.line().startsWith("tapegrad-examples bench: --hidden 1024: the run needs about "),
                bench.line());
    }

    @Test
    void aTextWhosePreparationCannotFitTheHeapIsRefusedBeforeItIsRead() throws Exception {
        Path text = Files.writeString(dir.resolve("long.txt"), "the quick brown fox\n".repeat(500_000));  // 9.5 MiB
        Child child = run(null, List.of("-Xmx64m"), "time-machine", "--text", text.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(ExitCodes.USAGE, child.exit(), child.err());
        assertTrue(child.line().startsWith("tapegrad-examples time-machine: --text " + text + ": preparing 9.5 MiB of "
                + "text needs about 114.4 MiB of heap, but the JVM's heap is at most "), child.line());
    }
}
