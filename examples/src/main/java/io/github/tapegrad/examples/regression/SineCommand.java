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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The noisy sine of the classic PyTorch RNN tutorial: 400 points of sin(x) on [0, 36] plus uniform noise in
 * [0, 0.2); a window of 10 values predicts the next one. An RNN and an LSTM (or any cells, {@code --cell}; hidden 12,
 * linear head, MSE, Adam) learn from the first 320 points and then predict the last 80, once from the true preceding
 * window (one step) and once feeding their own predictions back (multi-step).
 */
@Command(name = "sine", mixinStandardHelpOptions = true,
        description = "Predict a noisy sine with an RNN and an LSTM (or any --cell): one-step and multi-step "
                + "predictions.")
public final class SineCommand implements Callable<Integer> {
    static final int POINTS = 400;
    static final int TRAIN = 320;
    static final int WINDOW = 10;
    static final double X_END = 36;
    static final double NOISE = 0.2;
    static final String PLOT_FILE = "sine.png";

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "300",
            description = "Full-batch Adam steps per model, N >= 1 (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "12",
            description = "Hidden size, 1 to " + Ranges.MAX_SIZE + ", and the model must fit the heap "
                    + "(default: ${DEFAULT-VALUE}).")
    private int hidden;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", converter = Ranges.Positive.class,
            description = "Adam learning rate, a finite number > 0 (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--cell", paramLabel = "NAME", split = ",", defaultValue = "rnn,lstm",
            converter = CellChoice.Converter.class, completionCandidates = CellChoice.Names.class,
            description = "The cells to train, one model each, in order: " + CellChoice.CHOICES
                    + " (default: ${DEFAULT-VALUE}).")
    private List<CellChoice> cells;

    @Override
    public Integer call() {
        RegressionOptions.validate(epochs, hidden);
        RegressionOptions.requireDistinct(cells);
        RegressionOptions.checkSize(cells, hidden, 12, TRAIN - WINDOW, WINDOW);
        Path file = common.outFile(PLOT_FILE);
        Backend.threads(common.threads());
        PrintWriter out = spec.commandLine().getOut();
        SplittableRandom rng = new SplittableRandom(common.seed());
        double[] x = Series.linspace(0, X_END, POINTS);
        double[] y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            y[i] = Math.sin(x[i]) + NOISE * rng.nextDouble();
        }
        int trainWindows = TRAIN - WINDOW;
        Tensor inputs = Series.windows(y, 0, trainWindows, WINDOW);
        Tensor targets = Series.column(y, WINDOW, trainWindows);
        int test = POINTS - TRAIN;
        Tensor testInputs = Series.windows(y, TRAIN - WINDOW, test, WINDOW);

        LinePlot plot = new LinePlot("noisy sine: the last " + test + " points predicted", "x", "y")
                .withSeries("data", x, y);
        double[] testX = Arrays.copyOfRange(x, TRAIN, POINTS);
        for (CellChoice cell : cells) {
            SequenceRegressor model = new SequenceRegressor(cell, hidden, rng);
            double loss = train(model, inputs, targets);
            double[] oneStep;
            double[] multiStep;
            try (Grad.Scope off = Grad.off()) {
                oneStep = model.lastStep(testInputs).toDoubleArray();
                multiStep = rollOut(model, Arrays.copyOfRange(y, TRAIN - WINDOW, TRAIN), test);
            }
            out.printf(Locale.ROOT, "%-4s training MSE %.5f  one-step MSE %.5f  multi-step MSE %.5f%n", model.label(), loss,
                    Series.mse(oneStep, y, TRAIN), Series.mse(multiStep, y, TRAIN));
            plot = plot.withSeries(model.label() + " one-step", testX, oneStep)
                    .withSeries(model.label() + " multi-step", testX, multiStep);
        }
        plot.writePngOrFail(file);
        out.println("wrote " + file);
        return 0;
    }

    /** Full-batch Adam on MSE; returns the last loss. */
    private double train(SequenceRegressor model, Tensor inputs, Tensor targets) {
        Adam adam = new Adam(model, lr);
        double loss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            try (var step = Grad.step()) { // the epoch's tensors go back to the pool for the next one
                adam.zeroGrad();
                Tensor l = Loss.mse(model.lastStep(inputs), targets);
                l.backward();
                adam.step();
                loss = l.item();
            }
            if (!Double.isFinite(loss)) {
                throw new UserInputException(model.label() + ": training diverged (loss " + loss + " at epoch "
                        + (epoch + 1) + "); try a smaller --lr");
            }
        }
        return loss;
    }

    /** Predicts {@code count} values, each from a window that ends with the model's own previous predictions. */
    static double[] rollOut(SequenceRegressor model, double[] seed, int count) {
        double[] window = seed.clone();
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            double next = model.lastStep(Series.windows(window, 0, 1, window.length)).item();
            out[k] = next;
            System.arraycopy(window, 1, window, 0, window.length - 1);
            window[window.length - 1] = next;
        }
        return out;
    }
}
