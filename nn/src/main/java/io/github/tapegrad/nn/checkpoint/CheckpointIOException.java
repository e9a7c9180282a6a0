package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint file could not be read or written because of the file system: disk full, permission denied, a
 * missing directory, an I/O error. It is neither a bug nor a problem with the checkpoint's content (that is a
 * {@link CheckpointException}). The message is one line naming the file and the cause as the operating system
 * words it, e.g. {@code cannot write checkpoint /runs/x.safetensors: No space left on device}; the exception the
 * file system threw is the cause.
 */
public final class CheckpointIOException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    private CheckpointIOException(String verb, Path file, IOException cause) {
        super("cannot " + verb + " checkpoint " + file + ": " + reason(cause), cause);
        this.file = file;
    }

    static CheckpointIOException writing(Path file, IOException cause) {
        return new CheckpointIOException("write", Objects.requireNonNull(file, "file"), cause);
    }

    static CheckpointIOException reading(Path file, IOException cause) {
        return new CheckpointIOException("read", Objects.requireNonNull(file, "file"), cause);
    }

    /** The checkpoint that could not be read or written. */
    public Path file() {
        return file;
    }

    /**
     * The cause in the operating system's words. Java leaves the reason out of the exceptions it maps to a type
     * (a {@link NoSuchFileException}'s message is just the path), so those get the strerror text back.
     */
    static String reason(IOException e) {
        String reason;
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        } else if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "File exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            reason = "Directory not empty";
        } else if (e instanceof NotDirectoryException) {
            reason = "Not a directory";
        } else if (e instanceof FileSystemException || e.getMessage() == null || e.getMessage().isBlank()) {
            reason = e.getClass().getSimpleName();
        } else {
            reason = e.getMessage();
        }
        return reason.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
