package io.github.tapegrad.examples.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an XChart chart as a PNG atomically: rendered off-screen (AWT is switched to headless before any AWT class
 * loads), written to a temporary file beside the target and moved over it, so a reader never sees half a PNG and a
 * failed write leaves the previous file as it was.
 */
public final class PngFiles {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private PngFiles() {
    }

    /** Renders {@code chart} and moves the PNG into place at {@code file}, creating parent directories. */
    public static void write(Chart<?, ?> chart, Path file) throws IOException {
        write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG), file);
    }

    /**
     * {@link #write(Chart, Path)}, with a failure as an {@link UncheckedIOException} whose message names the file,
     * which the examples program reports as one line with its I/O exit status.
     */
    public static void writeOrFail(Chart<?, ?> chart, Path file) {
        try {
            write(chart, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }

    /** Moves {@code png} into place at {@code file} through a temporary sibling. */
    static void write(byte[] png, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        // createFile (unlike createTempFile, which makes it owner-only) gives the file the usual umask permissions
        Path temporary = newSibling(directory, target.getFileName().toString());
        try {
            Files.write(temporary, png);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A new empty file beside the target, named .NAME.RANDOM.tmp, with default permissions. */
    private static Path newSibling(Path dir, String name) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve("." + name + "." + Long.toHexString(random.nextLong()) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
