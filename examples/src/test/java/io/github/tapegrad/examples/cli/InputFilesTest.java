package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.examples.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every path option that is read (--text of time-machine and custom-cell, --resume, generate's --checkpoint)
 * refuses, in one line with exit status 2, what is not a readable regular file of a sane size: a named pipe (which
 * would block the run forever), /dev/zero (which would fill the heap), a directory, a missing file.
 */
class InputFilesTest {

    @TempDir
    Path dir;

    /** The commands and options that read a user's file, each with a setting that would otherwise train briefly. */
    private List<String[]> readers() {
        String out = dir.resolve("out").toString();
        return List.of(
                new String[] {"time-machine", "--text", "--out", out, "--epochs", "1"},
                new String[] {"custom-cell", "--text", "--out", out, "--epochs", "1"},
                new String[] {"time-machine", "--resume", "--out", out, "--epochs", "1"},
                new String[] {"generate", "--checkpoint"});
    }

    private void forEachReader(Path file, Consumer<CommandRun> check) {
        for (String[] reader : readers()) {
            List<String> args = new ArrayList<>(List.of(reader[0], reader[1], file.toString()));
            args.addAll(List.of(reader).subList(2, reader.length));
            check.accept(CommandRun.of(args.toArray(new String[0])));
        }
    }

    @Test
    void aNamedPipeIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("pipe");
        assumeTrue(makeFifo(fifo), "skipped: the mkfifo command is not available to make a named pipe");
        // If a command opened the pipe for reading, this writer would be let in and feed it NUL bytes, so the run
        // would end with another message (and fail the test) instead of blocking forever.
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(new byte[64]);
            } catch (IOException ignored) {
                // the reader went away: nothing to feed
            }
        });
        writer.setDaemon(true);
        writer.start();
        try {
            forEachReader(fifo, run -> run.refusedWith(fifo + ": not a regular file"));
        } finally {
            // the writer still waits to open: a reader lets it through (a daemon, in case the writer just finished)
            Thread release = new Thread(() -> {
                try (InputStream in = Files.newInputStream(fifo)) {
                    in.readAllBytes();
                } catch (IOException ignored) {
                    // nothing to release
                }
            });
            release.setDaemon(true);
            if (writer.isAlive()) {
                release.start();
            }
            writer.join();
        }
    }

    @Test
    void aDeviceIsRefusedWithoutBeingRead() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "skipped: no /dev/zero on this system");
        forEachReader(zero, run -> run.refusedWith("/dev/zero: not a regular file"));
    }

    @Test
    void directoriesAndMissingFilesAreRefused() {
        forEachReader(dir, run -> run.refusedWith(dir + ": is a directory"));
        Path missing = dir.resolve("missing.txt");
        forEachReader(missing, run -> run.refusedWith(missing + ": file not found"));
    }

    @Test
    void anEmptyPathIsRefusedRatherThanTakenForTheWorkingDirectory() {
        forEachReader(Path.of(""), run -> run.refusedWith(": the path is empty"));
        CommandRun.of("sine", "--out", "").refusedWith("--out: the path is empty");
    }

    @Test
    void aTextAboveTheSizeLimitIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.txt");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(256L * 1024 * 1024 + 1);  // sparse: no disk space, and never read
        }
        for (String command : List.of("time-machine", "custom-cell")) {
            CommandRun.of(command, "--text", big.toString(), "--out", dir.resolve("out").toString())
                    .refusedWith("--text " + big + ": 256.0 MiB is more than the 256.0 MiB limit");
        }
    }

    @Test
    void anOutputNameTakenByADirectoryIsRefusedBeforeTraining() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("time-machine.safetensors"));
        CommandRun run = CommandRun.of("time-machine", "--out", out.toString(), "--epochs", "1");
        run.refusedWith("--out " + out + ": " + out.resolve("time-machine.safetensors") + " is a directory");
        assertEquals("", run.out(), "refused before training");
        Files.createDirectories(out.resolve("sine.png"));
        CommandRun.of("sine", "--out", out.toString(), "--epochs", "1").refusedWith("sine.png is a directory");
    }

    @Test
    void anOutDirectoryUnderARegularFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        for (String command : List.of("time-machine", "custom-cell", "sine", "square")) {
            CommandRun.of(command, "--out", file.resolve("sub").toString(), "--epochs", "1")
                    .refusedWith("--out " + file.resolve("sub") + ": cannot create directory");
        }
    }

    private static boolean makeFifo(Path path) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 && Files.exists(path);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The permission-denied path, which a real unreadable file cannot reach when the suite runs as root (CI does:
     * root reads any file, so TextCorpusTest.unreadableFile is skipped there): a denied read is the user's input,
     * any other read failure an I/O error.
     */
    @Test
    void aDeniedReadIsBadInputAndOtherReadFailuresAreIoErrors() {
        RuntimeException denied = InputFiles.unreadable("--text secret.txt",
                new java.nio.file.AccessDeniedException("secret.txt"));
        assertEquals(UserInputException.class, denied.getClass());
        assertEquals("--text secret.txt: file is not readable (permission denied)", denied.getMessage());
        RuntimeException missing = InputFiles.unreadable("--text gone.txt", new java.nio.file.NoSuchFileException("x"));
        assertEquals("--text gone.txt: file not found", missing.getMessage());
        RuntimeException io = InputFiles.unreadable("--text disk.txt", new IOException("Input/output error"));
        assertEquals(java.io.UncheckedIOException.class, io.getClass());
        assertEquals("cannot read --text disk.txt", io.getMessage());
    }
}
