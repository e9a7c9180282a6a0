package io.github.tapegrad.examples.study;

import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.tasks.AddingProblem;
import io.github.tapegrad.examples.tasks.CopyMemory;
import io.github.tapegrad.examples.tasks.Hyperparameters;
import io.github.tapegrad.examples.tasks.Task;
import io.github.tapegrad.examples.tasks.TrainingDiverged;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variable-length task of the {@code adding} and {@code copy-memory} examples as a study task: the task's own
 * training ({@link Task#train}: Adam, fresh batches every step, lengths drawn per sequence, a seeded validation set),
 * unidirectional, one layer; the metric is the validation loss after each epoch (MSE for adding, cross-entropy over
 * the copied symbols for copy-memory). Hyperparameters: {@code lr} (Adam's rate) and {@code hidden}.
 */
public final class SequenceStudyTask implements StudyTask {
    private final String name;
    private final Task<?> task;

    SequenceStudyTask(String name, Task<?> task) {
        this.name = name;
        this.task = task;
    }

    /** The adding problem at T = {@value AddingProblem#DEFAULT_LENGTH} (lengths from [T/2, T]). */
    static SequenceStudyTask adding() {
        return new SequenceStudyTask("adding", new AddingProblem(AddingProblem.DEFAULT_LENGTH));
    }

    /** Copy-memory: 5 symbols of 8, delays from [5, 10]. */
    static SequenceStudyTask copyMemory() {
        return new SequenceStudyTask("copy-memory", new CopyMemory(5, CopyMemory.DEFAULT_ALPHABET, 10));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String metric() {
        return "validation " + task.lossName();
    }

    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public Map<String, Distribution> defaultSpace() {
        Map<String, Distribution> space = new LinkedHashMap<>();
        space.put("lr", new Distribution.LogUniform(1e-3, 3e-2));
        space.put("hidden", new Distribution.Choice(List.of(16.0, 32.0, 64.0)));
        return space;
    }

    @Override
    public double[] run(Trial trial, EpochListener listener) {
        Hyperparameters d = task.defaults();
        // the runner has set the kernel threads for this trial; the task's trainer sets them again, to the same value
        Hyperparameters hp = new Hyperparameters(trial.intParam("hidden", d.hidden()), 1, false,
                trial.param("lr", d.lr()), d.clip(), d.batchSize(), d.batchesPerEpoch(), d.validationSize(),
                Backend.threads(), trial.param(FORGET_BIAS, 0));
        double[] curve = new double[trial.epochs()];
        try {
            task.train(CellChoice.of(trial.cell()), hp, trial.seed(), trial.epochs(), stats -> {
                curve[stats.epoch() - 1] = stats.validation().loss();
                listener.epoch(stats.epoch(), stats.validation().loss());
            });
        } catch (TrainingDiverged e) {
            double[] upTo = java.util.Arrays.copyOf(curve, e.epoch());
            upTo[e.epoch() - 1] = e.loss();
            return upTo;
        }
        return curve;
    }
}
