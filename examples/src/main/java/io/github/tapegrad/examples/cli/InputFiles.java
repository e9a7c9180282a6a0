package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Files the user names as input (--text, --resume, --checkpoint). Only regular files, after following links, are
 * read: /dev/zero would fill the heap and a named pipe would block the run forever. Every refusal is a one-line
 * {@link UserInputException} that starts with the caller's label, e.g. {@code --text notes.txt: file not found}.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** Refuses an empty path, a missing file, a directory, anything but a regular file, and an unreadable file. */
    public static void requireRegularFile(String label, Path file) {
        if (file.toString().isEmpty()) {  // Path.of("") is the working directory
            throw new UserInputException(label.strip() + ": the path is empty");
        }
        if (!Files.exists(file)) {
            throw new UserInputException(label + ": file not found");
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(label + ": is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(label + ": not a regular file (a device, pipe or socket?)");
        }
        if (!Files.isReadable(file)) {
            throw new UserInputException(label + ": file is not readable (permission denied)");
        }
    }

    /** The file's size, refused when above {@code maxBytes} (a limit the caller states in {@code why}). */
    public static long requireAtMost(String label, Path file, long maxBytes, String why) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw unreadable(label, e);
        }
        if (size > maxBytes) {
            throw new UserInputException(label + ": " + Bytes.human(size) + " is more than the " + Bytes.human(maxBytes)
                    + " limit" + why);
        }
        return size;
    }

    /**
     * All bytes of a regular file, at most {@code maxBytes}: a file that reports a small size but holds more
     * (files under /proc report 0, a log may grow) is refused when its content passes the limit.
     */
    public static byte[] readAtMost(String label, Path file, long maxBytes, String why) {
        requireRegularFile(label, file);
        requireAtMost(label, file, maxBytes, why);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw unreadable(label, e);
        }
        if (bytes.length > maxBytes) {
            throw new UserInputException(label + ": more than the " + Bytes.human(maxBytes) + " limit" + why);
        }
        return bytes;
    }

    /** Missing or forbidden is the user's input; anything else is an I/O failure (exit status 74). */
    static RuntimeException unreadable(String label, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UserInputException(label + ": file not found", e);
        }
        if (e instanceof AccessDeniedException) {
            return new UserInputException(label + ": file is not readable (permission denied)", e);
        }
        return new UncheckedIOException("cannot read " + label, e);
    }
}
