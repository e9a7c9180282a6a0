package io.github.tapegrad.examples.study;

import java.io.Serializable;

/**
 * What a remote trial sends back to the driver: its {@link TrialOutcome} (the curve's doubles bit for bit, as Java
 * serialization writes them), the machine it ran on, and the runner's name for the place and attempt.
 *
 * @param executor where it ran (Spark's executor id; "driver" in local mode)
 * @param attempt 0 for a trial's first attempt, 1 for its first retry (Spark's task attempt number)
 */
public record TrialResult(String key, double[] curve, double metric, double seconds, String error, String machine,
                          String executor, int attempt) implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialResult {
        curve = curve.clone();
    }

    @Override
    public double[] curve() {
        return curve.clone();
    }

    public TrialOutcome outcome() {
        return new TrialOutcome(curve, metric, seconds, error);
    }
}
