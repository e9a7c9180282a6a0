package io.github.tapegrad.examples.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart (e.g. perplexity per epoch, or a sine wave against its prediction) written as a PNG.
 *
 * <p>An immutable value: {@link #withSeries} and {@link #withLogY} return new plots. {@link #writePng} renders
 * off-screen (the class switches AWT to headless before any AWT class loads, so it works on servers and CI) and
 * replaces the target file atomically, so a reader never sees half a PNG.
 */
public record LinePlot(String title, String xLabel, String yLabel, boolean logY, int width, int height,
                       List<PlotSeries> series) {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 500;

    public LinePlot {
        if (width < 100 || height < 100 || width > 8000 || height > 8000) {
            throw new IllegalArgumentException("LinePlot '" + title + "': size " + width + " x " + height
                    + " outside [100, 8000] x [100, 8000]");
        }
        series = List.copyOf(series);
        if (logY) {
            series.forEach(s -> s.requirePositiveY("LinePlot '" + title + "' with log y"));
        }
    }

    /** An empty plot of the default size with a linear y axis. */
    public LinePlot(String title, String xLabel, String yLabel) {
        this(title, xLabel, yLabel, false, DEFAULT_WIDTH, DEFAULT_HEIGHT, List.of());
    }

    /** This plot plus one more line; the series name appears in the legend and must be unique. */
    public LinePlot withSeries(String name, double[] x, double[] y) {
        for (PlotSeries existing : series) {
            if (existing.name().equals(name)) {
                throw new IllegalArgumentException("LinePlot '" + title + "': series '" + name + "' added twice");
            }
        }
        List<PlotSeries> more = new ArrayList<>(series);
        more.add(new PlotSeries(name, x, y));
        return new LinePlot(title, xLabel, yLabel, logY, width, height, more);
    }

    /** This plot with a logarithmic (or linear) y axis; log needs every y value > 0. */
    public LinePlot withLogY(boolean logarithmic) {
        return new LinePlot(title, xLabel, yLabel, logarithmic, width, height, series);
    }

    /** This plot rendered at {@code width x height} pixels. */
    public LinePlot withSize(int width, int height) {
        return new LinePlot(title, xLabel, yLabel, logY, width, height, series);
    }

    /**
     * Renders to PNG and moves it into place at {@code file} (creating parent directories); writes to a temporary
     * file in the same directory first so the move can be atomic.
     */
    public void writePng(Path file) throws IOException {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("LinePlot '" + title + "': nothing to draw (no series) for " + file);
        }
        PngFiles.write(toChart(), file);
    }

    /**
     * {@link #writePng}, with a failure (disk full, a file-size limit) as an {@link UncheckedIOException} whose
     * message names the file, which the examples program reports as one line with its I/O exit status.
     */
    public void writePngOrFail(Path file) {
        try {
            writePng(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }

    XYChart toChart() {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setChartTitleVisible(!title.isEmpty());
        // short tick labels (XChart would otherwise print every digit of an irrational tick position)
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        for (PlotSeries s : series) {
            XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
            line.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
