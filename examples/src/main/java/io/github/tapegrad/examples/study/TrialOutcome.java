package io.github.tapegrad.examples.study;

/**
 * What one trial gave: the validation metric after each epoch (the last is the trial's metric), its wall time,
 * and for a failed trial the error (an exception, or a metric that is not finite).
 */
public record TrialOutcome(double[] curve, double metric, double seconds, String error) {
    public TrialOutcome {
        curve = curve.clone();
    }

    public boolean failed() {
        return error != null;
    }

    /** A finished run: failed when its last metric (or any) is NaN or infinite. */
    static TrialOutcome of(double[] curve, double seconds) {
        for (int e = 0; e < curve.length; e++) {
            if (!Double.isFinite(curve[e])) {
                return new TrialOutcome(curve, Double.NaN, seconds, "metric " + curve[e] + " at epoch " + (e + 1));
            }
        }
        if (curve.length == 0) {
            return new TrialOutcome(curve, Double.NaN, seconds, "no epoch ran");
        }
        return new TrialOutcome(curve, curve[curve.length - 1], seconds, null);
    }

    static TrialOutcome failed(Throwable e, double seconds) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new TrialOutcome(new double[0], Double.NaN, seconds, message);
    }
}
