package io.github.tapegrad.examples.regression;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.plot.LinePlot;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Fits y = x² with an LSTM (or any cell, {@code --cell}): 600 points x evenly spaced on [0.01, 1], cut into 100
 * sequences of 6, targets x² + N(0, (1/200)²) noise; an LSTM (hidden 10) with a linear head predicts y at every step;
 * MSE, Adam.
 */
@Command(name = "square", mixinStandardHelpOptions = true, description = "Fit y = x^2 with an LSTM (or any --cell).")
public final class SquareCommand implements Callable<Integer> {
    static final int POINTS = 600;
    static final int SEQUENCES = 100;
    static final int STEPS = POINTS / SEQUENCES;
    static final double NOISE_STD = 1.0 / 200;
    static final String PLOT_FILE = "square.png";

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "500",
            description = "Full-batch Adam steps, N >= 1 (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "10",
            description = "Hidden size, 1 to " + Ranges.MAX_SIZE + ", and the model must fit the heap "
                    + "(default: ${DEFAULT-VALUE}).")
    private int hidden;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", converter = Ranges.Positive.class,
            description = "Adam learning rate, a finite number > 0 (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--cell", paramLabel = "NAME", defaultValue = "lstm", converter = CellChoice.Converter.class,
            completionCandidates = CellChoice.Names.class,
            description = "The cell of the recurrent layer: " + CellChoice.CHOICES + " (default: ${DEFAULT-VALUE}).")
    private CellChoice cell;

    @Override
    public Integer call() {
        RegressionOptions.validate(epochs, hidden);
        RegressionOptions.checkSize(List.of(cell), hidden, 10, SEQUENCES, STEPS);
        Path file = common.outFile(PLOT_FILE);
        Backend.threads(common.threads());
        PrintWriter out = spec.commandLine().getOut();
        SplittableRandom rng = new SplittableRandom(common.seed());
        double[] x = Series.linspace(0.01, 1, POINTS);
        double[] y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            y[i] = x[i] * x[i] + NOISE_STD * rng.nextGaussian();
        }
        // sequence b is x[6b .. 6b + 5]; stored time-major [6, 100, 1]
        Tensor inputs = timeMajor(x);
        Tensor targets = timeMajor(y);
        SequenceRegressor model = new SequenceRegressor(cell, hidden, rng);
        Adam adam = new Adam(model, lr);
        double loss = Double.NaN;
        for (long epoch = 1; epoch <= epochs; epoch++) {  // long: an int would wrap at --epochs 2147483647
            try (var step = Grad.step()) { // the epoch's tensors go back to the pool for the next one
                adam.zeroGrad();
                Tensor l = Loss.mse(model.everyStep(inputs), targets);
                l.backward();
                adam.step();
                loss = l.item();
            }
            if (!Double.isFinite(loss)) {
                throw new UserInputException("training diverged (loss " + loss + " at epoch " + epoch
                        + "); try a smaller --lr");
            }
            if (epoch % Math.max(1, epochs / 5) == 0 || epoch == epochs) {
                out.printf(Locale.ROOT, "epoch %d/%d  MSE %.6f%n", epoch, epochs, loss);
            }
        }
        double[] fit;
        try (Grad.Scope off = Grad.off()) {
            fit = fromTimeMajor(model.everyStep(inputs));
        }
        out.printf(Locale.ROOT, "final loss (MSE) %.6f; noise variance %.6f%n", loss, NOISE_STD * NOISE_STD);
        new LinePlot(cell.label() + " fit of y = x^2", "x", "y").withSeries("data", x, y)
                .withSeries(cell.label() + " fit", x, fit)
                .writePngOrFail(file);
        out.println("wrote " + file);
        return 0;
    }

    private static Tensor timeMajor(double[] values) {
        float[] data = new float[POINTS];
        for (int b = 0; b < SEQUENCES; b++) {
            for (int t = 0; t < STEPS; t++) {
                data[t * SEQUENCES + b] = (float) values[b * STEPS + t];
            }
        }
        return Tensor.of(data, STEPS, SEQUENCES, 1);
    }

    private static double[] fromTimeMajor(Tensor predictions) {
        double[] flat = predictions.toDoubleArray();
        double[] out = new double[POINTS];
        for (int b = 0; b < SEQUENCES; b++) {
            for (int t = 0; t < STEPS; t++) {
                out[b * STEPS + t] = flat[t * SEQUENCES + b];
            }
        }
        return out;
    }
}
