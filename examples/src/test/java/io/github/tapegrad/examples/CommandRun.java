package io.github.tapegrad.examples;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One in-process run of the examples program: exit status and what it printed. */
public record CommandRun(int exit, String out, String err) {

    public static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CommandRun(exit, out.toString(), err.toString());
    }

    /** Asserts a normal finish and returns this run. */
    public CommandRun succeeded() {
        assertEquals(0, exit, () -> "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
        return this;
    }

    /** Asserts the user-error contract: status 2, one line on stderr containing {@code fragment}, no trace. */
    public void refusedWith(String fragment) {
        assertEquals(2, exit, () -> "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
        String line = err.strip();
        assertFalse(line.contains("\n"), () -> "more than one line on stderr:\n" + err);
        assertFalse(line.contains("Exception") || line.contains("\tat "), () -> "a stack trace:\n" + err);
        assertTrue(line.contains(fragment), () -> "stderr '" + line + "' lacks '" + fragment + "'");
    }

    /** Asserts that {@code file} is a PNG that decodes to a non-empty image. */
    public static void assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " does not decode as an image");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
    }
}
