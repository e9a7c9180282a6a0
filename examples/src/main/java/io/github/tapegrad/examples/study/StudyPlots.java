package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.plot.Palette;
import io.github.tapegrad.examples.plot.PngFiles;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.BoxSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.BoxStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PNG plots of a study report, per task: a box plot of the metric per cell, the learning curves of each cell's
 * best trials, and the metric against the learning rate. One color per cell, the same in every plot
 * ({@link Palette}, by the cell's place in the study).
 */
final class StudyPlots {
    /** How many of a cell's best trials the learning-curve plot draws. */
    static final int CURVES_PER_CELL = 3;

    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** A cell's best, second and third trial: solid, long dashes, dots (XChart's own dashes are too fine to tell). */
    private static final BasicStroke[] LINES = {
        new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND),
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {10f, 6f}, 0f),
        new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {0.5f, 5f}, 0f)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

    private StudyPlots() {
    }

    /**
     * Writes the task's plots into {@code dir}; a plot that cannot be drawn is a figure without a file saying why, and
     * its file from an earlier report in {@code dir}, if any, is removed (it would show other trials).
     */
    static List<StudyReport.Figure> write(TaskResult r, Path dir) {
        List<StudyReport.Figure> out = new ArrayList<>();
        if (r.complete() > 0) {
            String base = fileName(r.task());
            out.add(box(r, dir, base + "-box.png"));
            out.add(curves(r, dir, base + "-curves.png"));
            out.add(learningRate(r, dir, base + "-lr.png"));
        }
        for (String file : files(r.task())) {
            if (out.stream().noneMatch(f -> file.equals(f.file()))) {
                try {
                    Files.deleteIfExists(dir.resolve(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the stale plot " + dir.resolve(file), e);
                }
            }
        }
        return out;
    }

    /** The names of a task's plot files. */
    static List<String> files(String task) {
        String base = fileName(task);
        return List.of(base + "-box.png", base + "-curves.png", base + "-lr.png");
    }

    static String fileName(String task) {
        return task.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String direction(TaskResult r) {
        return r.metric() + " (" + (r.minimize() ? "lower" : "higher") + " is better)";
    }

    private static StudyReport.Figure box(TaskResult r, Path dir, String file) {
        List<Double> all = new ArrayList<>();
        r.cells().forEach(c -> c.bestFirst().forEach(t -> all.add(t.metric())));
        boolean log = spansDecades(all);
        BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT)
                .title(r.task() + ": " + r.metric() + " of every complete trial, per cell")
                .xAxisTitle("cell (n = complete trials)").yAxisTitle(direction(r) + (log ? ", log scale" : "")).build();
        BoxStyler styler = chart.getStyler();
        style(styler);
        styler.setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1); // type 7, as the table
        styler.setShowWithinAreaPoint(true);
        styler.setLegendVisible(false);
        axis(styler, false, all, log);
        styler.setMarkerSize(7);
        for (TaskResult.CellResult c : r.cells()) {
            if (c.complete() == 0) {
                continue;
            }
            BoxSeries s = chart.addSeries(c.cell() + " (n=" + c.complete() + ")", c.metrics());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Palette.color(c.index(), 190));
        }
        PngFiles.writeOrFail(chart, dir.resolve(file));
        List<String> skipped = r.cells().stream().filter(c -> c.complete() == 0).map(TaskResult.CellResult::cell).toList();
        return new StudyReport.Figure(file, r.task() + ": box plot of " + r.metric() + " per cell",
                r.task() + ": " + r.metric() + " per cell over all complete trials. The "
                + "box spans Q1 to Q3 (quartiles as in the table) with the median as a red line; the whiskers reach 1.5 × "
                + "IQR beyond the box, or the most extreme trial when it is nearer; red crosses are trials beyond the "
                + "whiskers, dots the trials within"
                + (log ? "; log scale (the metric spans more than a decade)" : "")
                + (skipped.isEmpty() ? "" : "; no complete trial, not drawn: " + String.join(", ", skipped)) + ".");
    }

    private static StudyReport.Figure curves(TaskResult r, Path dir, String file) {
        List<Double> values = new ArrayList<>();
        int epochs = 0;
        for (TaskResult.CellResult c : r.cells()) {
            for (TrialRow t : best(c)) {
                for (double v : t.curve()) {
                    values.add(v);
                }
                epochs = Math.max(epochs, t.curve().length);
            }
        }
        if (values.isEmpty()) {
            return new StudyReport.Figure(null, null, r.task() + ": no learning curves (no complete trial recorded one).");
        }
        boolean log = spansDecades(values);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(r.task() + ": learning curves of each cell's best " + CURVES_PER_CELL + " trials")
                .xAxisTitle("epoch").yAxisTitle(direction(r) + (log ? ", log scale" : "")).build();
        style(chart.getStyler());
        axis(chart.getStyler(), false, values, log);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(StudyPlots::wholeNumber);
        chart.getStyler().setMarkerSize(6);
        for (TaskResult.CellResult c : r.cells()) {
            List<TrialRow> best = best(c);
            for (int i = 0; i < best.size(); i++) {
                TrialRow t = best.get(i);
                double[] y = t.curve();
                double[] x = new double[y.length];
                for (int e = 0; e < x.length; e++) {
                    x[e] = e + 1;
                }
                String label = c.cell() + " #" + (i + 1) + " " + shortKey(t) + ": " + StudyReport.num(t.metric());
                XYSeries s = chart.addSeries(label, x, y);
                s.setLineColor(Palette.color(c.index()));
                s.setMarkerColor(Palette.color(c.index()));
                s.setLineStyle(LINES[i % LINES.length]);
                s.setMarker(epochs <= 30 ? MARKERS[Math.floorMod(c.index(), MARKERS.length)] : SeriesMarkers.NONE);
            }
        }
        PngFiles.writeOrFail(chart, dir.resolve(file));
        return new StudyReport.Figure(file, r.task() + ": learning curves of the best trials",
                r.task() + ": " + r.metric() + " after each epoch for each cell's best "
                + CURVES_PER_CELL + " complete trials (one color per cell; solid: its best, dashed: second, dotted: "
                + "third; the legend gives each trial's key and final metric)" + (log ? "; log scale" : "") + ".");
    }

    private static StudyReport.Figure learningRate(TaskResult r, Path dir, String file) {
        boolean any = r.rows().stream().anyMatch(t -> t.params().containsKey("lr"));
        if (!any) {
            return new StudyReport.Figure(null, null, r.task() + ": no plot of the metric against the learning rate: the "
                    + "task's space has no `lr` hyperparameter.");
        }
        List<Double> lrs = new ArrayList<>();
        List<Double> metrics = new ArrayList<>();
        for (TaskResult.CellResult c : r.cells()) {
            for (TrialRow t : c.bestFirst()) {
                Double lr = t.params().get("lr");
                if (lr != null && Double.isFinite(lr)) {
                    lrs.add(lr);
                    metrics.add(t.metric());
                }
            }
        }
        if (lrs.isEmpty()) {
            return new StudyReport.Figure(null, null, r.task() + ": no plot of the metric against the learning rate: no "
                    + "complete trial has one.");
        }
        boolean logX = lrs.stream().allMatch(v -> v > 0);
        boolean logY = spansDecades(metrics);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(r.task() + ": " + r.metric() + " against the learning rate, every complete trial")
                .xAxisTitle("learning rate (lr)" + (logX ? ", log scale" : ""))
                .yAxisTitle(direction(r) + (logY ? ", log scale" : "")).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        axis(chart.getStyler(), true, lrs, logX);
        axis(chart.getStyler(), false, metrics, logY);
        chart.getStyler().setXAxisLabelRotation(90); // a log axis labels 2, 3, ... 9 x 10^k: upright they would overlap
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(9);
        for (TaskResult.CellResult c : r.cells()) {
            List<double[]> points = new ArrayList<>();
            for (TrialRow t : c.bestFirst()) {
                Double lr = t.params().get("lr");
                if (lr != null && Double.isFinite(lr)) {
                    points.add(new double[] {lr, t.metric()});
                }
            }
            if (points.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(c.cell() + " (" + points.size() + ")",
                    points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(MARKERS[Math.floorMod(c.index(), MARKERS.length)]);
            s.setMarkerColor(Palette.color(c.index(), 170));
        }
        PngFiles.writeOrFail(chart, dir.resolve(file));
        return new StudyReport.Figure(file, r.task() + ": " + r.metric() + " against the learning rate",
                r.task() + ": " + r.metric() + " against the learning rate `lr`, one "
                + "point per complete trial, one color and marker per cell (cells share the samples, so their points "
                + "line up at the same learning rates)" + (logX ? "; log-scale learning rate" : "")
                + (logY ? ", log-scale metric" : "") + ".");
    }

    /** A cell's best complete trials that recorded a curve, at most {@link #CURVES_PER_CELL}. */
    private static List<TrialRow> best(TaskResult.CellResult c) {
        return c.bestFirst().stream().filter(t -> t.curve().length > 0).limit(CURVES_PER_CELL).toList();
    }

    /** {@code t3/s1} from {@code sine/lstm/t3/s1}. */
    private static String shortKey(TrialRow t) {
        return "t" + t.trial() + "/s" + t.seedIndex();
    }

    private static String wholeNumber(Double x) {
        return x == Math.rint(x) ? String.format(Locale.ROOT, "%d", x.longValue()) : "";
    }

    /** True when the values are all positive and the largest is more than 10 times the smallest. */
    static boolean spansDecades(List<Double> values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min > 0 && max > 10 * min;
    }

    /**
     * Sets an axis to log or linear scale, with tick labels that show the values' digits: a log axis labels every
     * 1..9 x 10^k when it spans few decades (only 10^k would leave one or two labels), only the decades otherwise.
     */
    private static void axis(AxesChartStyler styler, boolean x, List<Double> values, boolean log) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String pattern = decimalPattern(min, max, log);
        if (x) {
            styler.setXAxisLogarithmic(log);
            styler.setXAxisDecimalPattern(pattern);
            styler.setXAxisLogarithmicDecadeOnly(!log || Math.log10(max / min) > 3);
        } else {
            styler.setYAxisLogarithmic(log);
            styler.setYAxisDecimalPattern(pattern);
            styler.setYAxisLogarithmicDecadeOnly(!log || Math.log10(max / min) > 1.5);
        }
    }

    /**
     * A tick-label pattern for values in [min, max]: scientific beyond 1e-5 .. 1e6, else as many decimals as the
     * ticks need (a tenth of the range on a linear axis, the smallest value on a log axis) and one more.
     */
    static String decimalPattern(double min, double max, boolean log) {
        double big = Math.max(Math.abs(min), Math.abs(max));
        double small = log ? min : (max - min) / 10;
        if (big >= 1e6 || !(small > 0) && big == 0) {
            return big >= 1e6 ? "0.##E0" : "0.###";
        }
        if (!(small > 0)) {
            small = big;
        }
        if (small < 1e-5) {
            return "0.##E0";
        }
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(small))) + 1;
        return "0." + "#".repeat(decimals);
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xDDDDDD));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(new Color(0xBBBBBB));
    }
}
