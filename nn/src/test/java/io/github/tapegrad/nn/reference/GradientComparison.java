package io.github.tapegrad.nn.reference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry-by-entry comparison of two sets of gradients (or of forward values). The error of one entry is
 * {@code |a - e| / max(|a|, |e|, floor)}: relative for ordinary entries, absolute (scaled by
 * {@code floor}) for entries near zero, where a central difference carries only rounding noise.
 */
public final class GradientComparison {

    private GradientComparison() {
    }

    /** The entry where {@code actual} and {@code expected} differ most; {@code where} is a gradient name. */
    public record Mismatch(String where, int index, double actual, double expected, double error) {
        @Override
        public String toString() {
            return where + "[" + index + "]: " + actual + " vs " + expected + " (error " + error + ")";
        }
    }

    /** The worst entry over every gradient, both sets having the same names and lengths. */
    public static Mismatch worst(ReferenceGradients actual, ReferenceGradients expected, double floor) {
        return worst(actual.all(), expected.all(), floor);
    }

    /** The worst entry over every forward value: outputs, hFinal and (LSTM) cFinal. */
    public static Mismatch worst(ReferenceForward actual, ReferenceForward expected, double floor) {
        return worst(values(actual), values(expected), floor);
    }

    /** The worst entry over named arrays, both maps having the same names and lengths. */
    public static Mismatch worst(Map<String, double[]> a, Map<String, double[]> e, double floor) {
        if (!a.keySet().equals(e.keySet())) {
            throw new IllegalArgumentException("GradientComparison.worst: names differ: " + a.keySet() + " vs "
                    + e.keySet());
        }
        Mismatch worst = new Mismatch("none", -1, 0, 0, 0);
        for (String name : a.keySet()) {
            double[] av = a.get(name);
            double[] ev = e.get(name);
            if (av.length != ev.length) {
                throw new IllegalArgumentException("GradientComparison.worst: " + name + " has length " + av.length
                        + " vs " + ev.length);
            }
            for (int k = 0; k < av.length; k++) {
                double error = Math.abs(av[k] - ev[k]) / Math.max(floor, Math.max(Math.abs(av[k]), Math.abs(ev[k])));
                if (Double.isNaN(error) ? !Double.isNaN(worst.error()) : error > worst.error()) { // NaN is worst
                    worst = new Mismatch(name, k, av[k], ev[k], error);
                }
            }
        }
        return worst;
    }

    private static Map<String, double[]> values(ReferenceForward forward) {
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put("outputs", forward.outputs());
        values.put("hFinal", forward.hFinal());
        if (forward.cFinal() != null) {
            values.put("cFinal", forward.cFinal());
        }
        return values;
    }
}
