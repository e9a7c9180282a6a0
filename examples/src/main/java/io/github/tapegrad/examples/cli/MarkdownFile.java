package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A --markdown file ({@code bench --cells}, {@code cells}): checked before the run (a typo in the path should not cost the
 * minutes of timing) and written atomically, through a temporary file in the same directory moved over the target,
 * so a reader never sees half a table and a failed write leaves the previous file as it was.
 */
public final class MarkdownFile {
    private MarkdownFile() {
    }

    /** A user error unless {@code file}'s directory exists and is writable and {@code file} is not a directory. */
    public static void requireWritable(String option, Path file) {
        Path dir = directoryOf(file);
        if (Files.isDirectory(file)) {
            throw new UserInputException(option + " " + file + ": is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UserInputException(option + " " + file + ": directory " + dir + " is not writable");
        }
    }

    /** Writes {@code text} (UTF-8) to {@code file} atomically; a failure is an I/O error naming the file. */
    public static void write(String option, Path file, String text) {
        Path tmp = null;
        try {
            tmp = newSibling(directoryOf(file), file.getFileName().toString());
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + option + " " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and says so; a stray temporary is the lesser problem
                }
            }
        }
    }

    /**
     * A new empty file beside the target, named .NAME.RANDOM.tmp, with the usual (umask) permissions: createTempFile
     * would make it, and so the file it becomes, readable by its owner only.
     */
    private static Path newSibling(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
