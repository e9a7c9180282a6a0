package io.github.tapegrad.examples.plot;

import java.util.Arrays;

/**
 * One named line of a {@link LinePlot}: points {@code (x[i], y[i])}, copied in and out. Values must be finite,
 * since a NaN loss should be caught by the training code, not silently drawn as a gap.
 */
public record PlotSeries(String name, double[] x, double[] y) {

    public PlotSeries {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("PlotSeries: name must not be blank");
        }
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("PlotSeries '" + name + "': x has " + x.length + " values and y has "
                    + y.length + "; need the same number, at least 1");
        }
        requireFinite(name, "x", x);
        requireFinite(name, "y", y);
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    public int size() {
        return x.length;
    }

    void requirePositiveY(String operation) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] <= 0) {
                throw new IllegalArgumentException(operation + ": series '" + name + "' has y[" + i + "] = " + y[i]
                        + ", not > 0");
            }
        }
    }

    private static void requireFinite(String name, String axis, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("PlotSeries '" + name + "': " + axis + "[" + i + "] = " + values[i]
                        + " is not finite");
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PlotSeries s && name.equals(s.name) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 961 + Arrays.hashCode(x) * 31 + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "PlotSeries[" + name + ", " + x.length + " points]";
    }
}
