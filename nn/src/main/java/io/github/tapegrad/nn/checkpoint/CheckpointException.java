package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint was refused: it is malformed or corrupt (its content does not match its checksum), or it does not
 * hold what the loader expected. The message always names the source file and, when one is involved, the tensor.
 * A file that cannot be read or written at all is a {@link CheckpointIOException} instead.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final String tensorName;

    /** A problem with the file as a whole (its length, its header, its data section). */
    public CheckpointException(String sourceName, String problem) {
        this(sourceName, null, problem);
    }

    /** A problem with one tensor; {@code tensorName} may be {@code null} for file-level problems. */
    public CheckpointException(String sourceName, String tensorName, String problem) {
        super(describe(sourceName, tensorName, problem));
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.tensorName = tensorName;
    }

    private static String describe(String sourceName, String tensorName, String problem) {
        String where = "checkpoint " + sourceName;
        if (tensorName != null) {
            where += ", tensor '" + tensorName + "'";
        }
        return where + ": " + problem;
    }

    /** The file (or other source) the refused checkpoint came from. */
    public String sourceName() {
        return sourceName;
    }

    /** The tensor the problem concerns, if it concerns a single one. */
    public Optional<String> tensorName() {
        return Optional.ofNullable(tensorName);
    }
}
