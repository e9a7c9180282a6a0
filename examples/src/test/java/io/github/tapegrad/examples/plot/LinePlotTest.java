package io.github.tapegrad.examples.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotTest {

    @TempDir
    Path dir;

    private static double[] range(int n) {
        return IntStream.range(0, n).asDoubleStream().toArray();
    }

    @Test
    void writesDecodablePngOfTheRequestedSize() throws IOException {
        double[] epochs = range(50);
        double[] train = IntStream.range(0, 50).mapToDouble(i -> 28.0 / (1 + 0.3 * i) + 1).toArray();
        double[] valid = IntStream.range(0, 50).mapToDouble(i -> 28.0 / (1 + 0.2 * i) + 1.5).toArray();
        Path file = dir.resolve("nested/plots/perplexity.png");
        new LinePlot("Perplexity", "epoch", "perplexity")
                .withSeries("train", epochs, train)
                .withSeries("valid", epochs, valid)
                .withLogY(true)
                .withSize(640, 360)
                .writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO could not decode " + file);
        assertEquals(640, image.getWidth());
        assertEquals(360, image.getHeight());
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file left behind");
        }
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = dir.resolve("sine.png");
        Files.writeString(file, "old contents");
        new LinePlot("", "t", "y").withSeries("sin", range(10), range(10)).writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(LinePlot.DEFAULT_WIDTH, image.getWidth());
        assertEquals(LinePlot.DEFAULT_HEIGHT, image.getHeight());
    }

    @Test
    void rejectsBadSeries() {
        LinePlot plot = new LinePlot("loss", "epoch", "loss");
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> plot.withSeries("train", range(3), range(4)));
        assertEquals("PlotSeries 'train': x has 3 values and y has 4; need the same number, at least 1",
                mismatch.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> plot.withSeries("train", range(2), new double[] {1, Double.NaN}));
        IllegalArgumentException logOfZero = assertThrows(IllegalArgumentException.class,
                () -> plot.withSeries("train", range(2), range(2)).withLogY(true));
        assertTrue(logOfZero.getMessage().contains("y[0] = 0.0"), logOfZero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> plot.withSeries("a", range(2), range(2)).withSeries("a", range(2), range(2)));
        assertThrows(IllegalArgumentException.class, () -> plot.writePng(dir.resolve("empty.png")));
    }

    @Test
    void seriesAreCopied() {
        double[] y = {1, 2, 3};
        LinePlot plot = new LinePlot("t", "x", "y").withSeries("s", range(3), y);
        y[0] = 100;
        plot.series().get(0).y()[1] = 100;
        assertArrayEquals(new double[] {1, 2, 3}, plot.series().get(0).y());
    }
}
