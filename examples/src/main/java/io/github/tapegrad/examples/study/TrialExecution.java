package io.github.tapegrad.examples.study;

/** Runs one trial of a task and turns whatever happens (a metric, NaN, an exception) into an outcome. */
public final class TrialExecution {
    private TrialExecution() {
    }

    public static TrialOutcome run(StudyTask task, Trial trial, StudyTask.EpochListener listener) {
        long start = System.nanoTime();
        try {
            double[] curve = task.run(trial, listener);
            return TrialOutcome.of(curve, (System.nanoTime() - start) / 1e9);
        } catch (OutOfMemoryError | Exception e) {
            return TrialOutcome.failed(e, (System.nanoTime() - start) / 1e9);
        }
    }
}
