package io.github.tapegrad.examples.study;

/**
 * Runs one trial of a task and turns whatever happens (a metric, NaN, an exception) into an outcome. A trial with
 * a time budget ({@link Trial#maxSeconds()}) is stopped after the first epoch that ends past it (never before its
 * first epoch ends); its outcome is the epochs it ran.
 */
public final class TrialExecution {
    private TrialExecution() {
    }

    public static TrialOutcome run(StudyTask task, Trial trial, StudyTask.EpochListener listener) {
        long start = System.nanoTime();
        double[] seen = new double[trial.epochs()];
        int[] epochs = {0};
        StudyTask.EpochListener watch = (epoch, metric) -> {
            listener.epoch(epoch, metric);
            if (epoch >= 1 && epoch <= seen.length) {
                seen[epoch - 1] = metric;
                epochs[0] = epoch;
            }
            boolean spent = (System.nanoTime() - start) / 1e9 >= trial.maxSeconds();
            if (trial.maxSeconds() > 0 && epoch < trial.epochs() && spent) {
                throw new BudgetReached();
            }
        };
        try {
            double[] curve = task.run(trial, watch);
            return TrialOutcome.of(curve, (System.nanoTime() - start) / 1e9);
        } catch (BudgetReached e) {
            return TrialOutcome.of(java.util.Arrays.copyOf(seen, epochs[0]), (System.nanoTime() - start) / 1e9);
        } catch (OutOfMemoryError | Exception e) {
            return TrialOutcome.failed(e, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Thrown from the epoch listener to end a trial whose time budget is spent (no stack trace: it is no error). */
    private static final class BudgetReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetReached() {
            super("time budget reached", null, false, false);
        }
    }
}
