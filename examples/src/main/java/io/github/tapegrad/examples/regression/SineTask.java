package io.github.tapegrad.examples.regression;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.study.Distribution;
import io.github.tapegrad.examples.study.StudyTask;
import io.github.tapegrad.examples.study.Trial;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.optim.Adam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code sine} command's problem as a study task: the noisy sine (noise from the trial's seed), windows of 10
 * predicting the next value, trained full-batch with Adam on the first 320 points; the metric is the one-step MSE
 * on the last 80 (held out). An epoch is {@link #STEPS_PER_EPOCH} Adam steps. Hyperparameters: {@code lr}
 * (Adam's rate) and {@code hidden}.
 */
public final class SineTask implements StudyTask {
    public static final int STEPS_PER_EPOCH = 25;

    @Override
    public String name() {
        return "sine";
    }

    @Override
    public String metric() {
        return "validation MSE";
    }

    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public Map<String, Distribution> defaultSpace() {
        Map<String, Distribution> space = new LinkedHashMap<>();
        space.put("lr", new Distribution.LogUniform(1e-3, 1e-1));
        space.put("hidden", new Distribution.Choice(List.of(8.0, 16.0, 32.0)));
        return space;
    }

    @Override
    public double[] run(Trial trial, EpochListener listener) {
        SplittableRandom rng = new SplittableRandom(trial.seed());
        double[] x = Series.linspace(0, SineCommand.X_END, SineCommand.POINTS);
        double[] y = new double[SineCommand.POINTS];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(x[i]) + SineCommand.NOISE * rng.nextDouble();
        }
        int window = SineCommand.WINDOW;
        int trainWindows = SineCommand.TRAIN - window;
        Tensor inputs = Series.windows(y, 0, trainWindows, window);
        Tensor targets = Series.column(y, window, trainWindows);
        int test = SineCommand.POINTS - SineCommand.TRAIN;
        Tensor testInputs = Series.windows(y, SineCommand.TRAIN - window, test, window);
        SequenceRegressor model = new SequenceRegressor(CellChoice.of(trial.cell()), trial.intParam("hidden", 12), rng);
        StudyTask.shiftForgetBias(model, trial);
        Adam adam = new Adam(model, trial.param("lr", 0.01));
        double[] curve = new double[trial.epochs()];
        for (int epoch = 0; epoch < trial.epochs(); epoch++) {
            for (int s = 0; s < STEPS_PER_EPOCH; s++) {
                try (var step = Grad.step()) {
                    adam.zeroGrad();
                    Tensor l = Loss.mse(model.lastStep(inputs), targets);
                    l.backward();
                    adam.step();
                }
            }
            try (Grad.Scope off = Grad.off()) {
                curve[epoch] = Series.mse(model.lastStep(testInputs).toDoubleArray(), y, SineCommand.TRAIN);
            }
            listener.epoch(epoch + 1, curve[epoch]);
            if (!Double.isFinite(curve[epoch])) {
                return java.util.Arrays.copyOf(curve, epoch + 1);
            }
        }
        return curve;
    }
}
