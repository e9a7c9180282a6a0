package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Replaces a file so that readers see either the old content or the complete new content:
 * write a temporary file in the same directory, fsync it, rename it over the target, then fsync
 * the directory so the rename itself survives a crash. On any failure the temporary file is
 * deleted and the target is untouched.
 *
 * <p>A process killed mid-write (kill -9, a crash, power loss) cannot delete its temporary file; the next
 * replace of the same target removes such leftovers once they are {@link #STALE_AFTER} old.
 */
final class AtomicFileWriter {

    /**
     * Age (since last modification) after which a temporary file of the target is taken to belong to a dead
     * writer. A live writer in another process modifies its temporary file with every chunk it writes, so its file
     * is never this old; the longest quiet moment is the final fsync, seconds even for large files on slow disks.
     * Ages are used rather than a lock (FileChannel.tryLock on the temporary file): POSIX locks belong to the
     * process, so closing any channel of the file in the same JVM silently drops them; they are advisory or
     * missing on some network file systems; and there is a window between creating a file and locking it in which
     * another process would see it unlocked. Should a writer stall longer than this anyway, deleting its file
     * makes its rename fail with an error; it cannot damage the target.
     */
    static final Duration STALE_AFTER = Duration.ofMinutes(15);
    private static final String TEMP_SUFFIX = ".tmp";
    /** Hex digits of the random part; older versions wrote it without leading zeros, so 1 to this many. */
    private static final int TEMP_ID_DIGITS = 16;

    /** Writes the body of the new file into an open channel. */
    @FunctionalInterface
    interface Body {
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    private AtomicFileWriter() {
    }

    static void replace(Path target, Body body) throws IOException {
        replace(target, body, UnaryOperator.identity());
    }

    /**
     * The seam for tests: {@code decorate} wraps the temporary file's channel before the body writes to it, e.g.
     * to fail like a full disk after some bytes.
     */
    static void replace(Path target, Body body, UnaryOperator<WritableByteChannel> decorate) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        String name = absolute.getFileName().toString();
        // Before writing, so the space a dead writer left is free for this one.
        removeStaleTemporaries(dir, name, Instant.now().minus(STALE_AFTER));
        // Same directory as the target: a rename across file systems would not be atomic.
        Path temp = newSibling(dir, name);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.writeTo(decorate.apply(channel));
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        syncDirectory(dir);
    }

    /** Best effort: some platforms cannot open or sync a directory; the file data is already synced. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Nothing more can be done portably.
        }
    }

    /**
     * A new empty file beside the target, named .NAME.RANDOM.tmp (RANDOM: 16 hex digits). createFile, unlike
     * createTempFile which makes it owner-only, gives it the usual umask permissions.
     */
    private static Path newSibling(Path dir, String name) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve("." + name + "." + HexFormat.of().toHexDigits(random.nextLong()) + TEMP_SUFFIX);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code fileName} is a name {@link #newSibling} makes (or made, in older versions) for {@code target}. */
    static boolean isTemporaryOf(String target, String fileName) {
        String prefix = "." + target + ".";
        int idLength = fileName.length() - prefix.length() - TEMP_SUFFIX.length();
        if (idLength < 1 || idLength > TEMP_ID_DIGITS || !fileName.startsWith(prefix) || !fileName.endsWith(TEMP_SUFFIX)) {
            return false;
        }
        return fileName.substring(prefix.length(), prefix.length() + idLength).chars()
                .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /**
     * Deletes the regular files in {@code dir} named like a temporary file of {@code target} and last modified
     * before {@code cutoff}; nothing else, and never a symbolic link. Best effort: failing to list or delete never
     * fails the save.
     */
    static void removeStaleTemporaries(Path dir, String target, Instant cutoff) {
        DirectoryStream.Filter<Path> ours = p -> isTemporaryOf(target, p.getFileName().toString());
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir, ours)) {
            for (Path candidate : candidates) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(candidate);
                    }
                } catch (IOException leaveIt) {
                    // Gone already, or not ours to delete: the save does not depend on it.
                }
            }
        } catch (IOException | DirectoryIteratorException unlisted) {
            // E.g. the directory does not exist: creating the temporary file reports that properly.
        }
    }
}
