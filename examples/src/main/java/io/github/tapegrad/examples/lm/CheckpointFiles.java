package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.checkpoint.Checkpoint;
import io.github.tapegrad.nn.checkpoint.CheckpointException;
import io.github.tapegrad.nn.optim.Optimizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checkpoint reading and writing for the commands: a file the user named that is bad is a user error. */
final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /** The metadata of the checkpoint given as {@code option file}. */
    static Map<String, String> readMetadata(String option, Path file) {
        requireFile(option, file);
        try {
            return Checkpoint.readMetadata(file);
        } catch (CheckpointException e) {
            throw new UserInputException(option + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(option + " " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Loads the checkpoint into {@code module} (and {@code optimizer}, if not null); nothing changes on refusal. */
    static void load(String option, Path file, Module module, Optimizer optimizer) {
        requireFile(option, file);
        try {
            Checkpoint.load(file, module, optimizer);
        } catch (CheckpointException e) {
            throw new UserInputException(option + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(option + " " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static void save(Path file, Module module, Optimizer optimizer, Map<String, String> metadata) {
        try {
            Checkpoint.save(file, module, optimizer, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    private static void requireFile(String option, Path file) {
        if (!Files.exists(file)) {
            throw new UserInputException(option + " " + file + ": file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(option + " " + file + ": not a regular file");
        }
    }
}
