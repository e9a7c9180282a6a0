package io.github.tapegrad.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The check that must pass before anything is timed: an implementation and the fused yardstick, started from the
 * same weights and data, computed the same loss, gradients and updates. The error of each quantity is norm-wise,
 * ‖a − b‖₂ / max(‖a‖₂, ‖b‖₂) (or over the quantity's own scale), so rounding in long sums does not trip it but a
 * wrong derivative does.
 *
 * @param impl the implementation checked against the yardstick
 * @param tolerance the largest relative error accepted
 * @param worst the name of the quantity with the largest error
 * @param maxError that error
 * @param failures one line per quantity over the tolerance or missing on either side
 */
record Agreement(String impl, double tolerance, String worst, double maxError, List<String> failures) {

    Agreement {
        failures = List.copyOf(failures);
    }

    boolean passed() {
        return failures.isEmpty();
    }

    static Agreement compare(String impl, Snapshot candidate, Snapshot yardstick, double tolerance) {
        List<String> failures = new ArrayList<>();
        String worst = "";
        double maxError = 0;
        for (String name : yardstick.names()) {
            Snapshot.Quantity ref = yardstick.get(name);
            Snapshot.Quantity got = candidate.get(name);
            if (got == null) {
                failures.add(name + ": missing from " + impl);
                continue;
            }
            if (got.values().length != ref.values().length) {
                failures.add(name + ": " + impl + " has " + got.values().length + " values, the yardstick "
                        + ref.values().length);
                continue;
            }
            double error = relativeError(got.values(), ref.values(), ref.scale());
            if (!Double.isNaN(maxError) && !(error <= maxError)) { // NaN, once seen, stays the worst
                maxError = error;
                worst = name;
            }
            if (!(error <= tolerance)) {
                failures.add(String.format("%s: relative error %.3g > %.0e", name, error, tolerance));
            }
        }
        for (String name : candidate.names()) {
            if (yardstick.get(name) == null) {
                failures.add(name + ": missing from the yardstick");
            }
        }
        return new Agreement(impl, tolerance, worst, maxError, failures);
    }

    /** ‖a − b‖ / max(‖a‖, ‖b‖), or / scale when given; 0 when both are zero; NaN anywhere gives NaN. */
    static double relativeError(double[] a, double[] b, double scale) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            diff += d * d;
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double denominator = scale > 0 ? scale : Math.sqrt(Math.max(na, nb));
        if (Double.isNaN(diff) || Double.isNaN(denominator)) {
            return Double.NaN;
        }
        return diff == 0 ? 0 : Math.sqrt(diff) / denominator;
    }

    /** One line: the verdict, the worst quantity and every failure. */
    String describe() {
        String head = String.format("%s vs fused: max relative error %.3g (%s), tolerance %.0e", impl, maxError, worst,
                tolerance);
        return passed() ? head + ": agree" : head + ": DISAGREE: " + String.join("; ", failures);
    }
}
