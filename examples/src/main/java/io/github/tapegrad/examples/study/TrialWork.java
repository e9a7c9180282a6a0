package io.github.tapegrad.examples.study;

import io.github.tapegrad.autograd.Backend;

import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * A trial as a remote runner ships it (a Spark task: {@link SparkRunner}): everything needed to rebuild the
 * {@link Trial} on another machine, in a small Java-serializable record. The task travels by name and is rebuilt
 * from {@link StudyTasks} where the trial runs; the hyperparameters keep their order and their exact bits (Java
 * serialization writes a double's 64 bits). Free of Spark, so it is tested without it.
 */
public record TrialWork(String key, String task, String cell, int trial, int seedIndex, long seed,
                        LinkedHashMap<String, Double> params, int epochs, double maxSeconds) implements Serializable {
    private static final long serialVersionUID = 2L;

    public TrialWork {
        params = new LinkedHashMap<>(params);
    }

    public static TrialWork of(Trial t) {
        return new TrialWork(t.key(), t.task(), t.cell(), t.trial(), t.seedIndex(), t.seed(),
                new LinkedHashMap<>(t.params()), t.epochs(), t.maxSeconds());
    }

    public Trial toTrial() {
        return new Trial(key, task, cell, trial, seedIndex, seed, params, epochs, maxSeconds);
    }

    @Override
    public LinkedHashMap<String, Double> params() {
        return new LinkedHashMap<>(params);
    }

    /**
     * Runs the trial in this JVM, as an executor does: the kernels on {@code threadsPerTrial} threads (set for the
     * whole JVM and left so: every trial of a study asks for the same count, so concurrent trials agree, and a
     * restore by one would pull the count from under another), the task rebuilt by name.
     *
     * @param attempt the runner's attempt number for this trial, 0 for the first (Spark's task attempt)
     * @param executor where it ran, as the runner names it (Spark's executor id)
     */
    public TrialResult run(int threadsPerTrial, int attempt, String executor) {
        if (Backend.threads() != threadsPerTrial) {
            Backend.threads(threadsPerTrial);
        }
        Trial t = toTrial();
        StudyTask task = StudyTasks.get(t.task());
        TrialOutcome o = TrialExecution.run(task, t, (e, m) -> { });
        return new TrialResult(key, o.curve(), o.metric(), o.seconds(), o.error(), MachineName.VALUE, executor,
                attempt);
    }

    /** This JVM's machine string, computed once (it reads /proc/cpuinfo). */
    private static final class MachineName {
        static final String VALUE = StudyCommand.machine();
    }
}
