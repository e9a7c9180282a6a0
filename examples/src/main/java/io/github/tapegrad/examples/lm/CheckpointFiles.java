package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.Bytes;
import io.github.tapegrad.examples.cli.InputFiles;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.checkpoint.Checkpoint;
import io.github.tapegrad.nn.checkpoint.CheckpointException;
import io.github.tapegrad.nn.optim.Optimizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checkpoint reading and writing for the commands. A file the user named that is missing, not a regular file,
 * too large or malformed is a user error (exit status 2); a read or a write that fails on the way (disk full, I/O
 * error) is an I/O error (exit status 74) whose message names the file.
 */
final class CheckpointFiles {
    /** Reading holds the file's bytes and the tensors decoded from them at once. */
    private static final int HEAP_PER_FILE_BYTE = 2;

    private CheckpointFiles() {
    }

    /** The metadata of the checkpoint given as {@code option file}. */
    static Map<String, String> readMetadata(String option, Path file) {
        requireReadable(option, file);
        try {
            return Checkpoint.readMetadata(file);
        } catch (IOException e) {
            throw readFailure(option, file, e);
        }
    }

    /**
     * Loads the checkpoint into {@code model} (and {@code optimizer}, if not null); nothing changes on refusal. A file
     * whose tensors are not the model's (another cell's, say) is refused naming the cell the model was built with.
     */
    static void load(String option, Path file, CharLanguageModel model, Optimizer optimizer) {
        requireReadable(option, file);
        try {
            Checkpoint.load(file, model, optimizer);
        } catch (IOException e) {
            RuntimeException failure = readFailure(option, file, e);
            if (failure instanceof UserInputException && e.getMessage().contains("does not match the expected tensors")) {
                throw new UserInputException(failure.getMessage() + " (expected those of cell '" + model.config().cell()
                        + "', " + model.config().layers() + " layer(s) of hidden size " + model.config().hidden()
                        + ", as its metadata says)", e);
            }
            throw failure;
        }
    }

    /** Writes atomically: on failure the previous file at {@code file} is intact and the I/O error names it. */
    static void save(Path file, Module module, Optimizer optimizer, Map<String, String> metadata) {
        try {
            Checkpoint.save(file, module, optimizer, metadata);
        } catch (CheckpointException e) {
            throw new UncheckedIOException(e.getMessage(), e);  // its message names the file already
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /**
     * A refused checkpoint is the user's input; nn may also report a failed read as a {@link CheckpointException}
     * with the {@link IOException} as its cause, which is an I/O failure like any other.
     */
    private static RuntimeException readFailure(String option, Path file, IOException e) {
        if (e instanceof CheckpointException && !(e.getCause() instanceof IOException)) {
            return new UserInputException(option + ": " + e.getMessage(), e);
        }
        return new UncheckedIOException("cannot read " + option + " " + file, e);
    }

    private static void requireReadable(String option, Path file) {
        String label = option + " " + file;
        InputFiles.requireRegularFile(label, file);
        long heap = Runtime.getRuntime().maxMemory();
        InputFiles.requireAtMost(label, file, heap / HEAP_PER_FILE_BYTE, ", half the JVM's heap of "
                + Bytes.human(heap) + " (reading holds the file and its tensors at once); raise -Xmx");
    }
}
