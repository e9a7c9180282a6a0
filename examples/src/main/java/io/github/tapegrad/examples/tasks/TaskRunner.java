package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Progress;
import io.github.tapegrad.examples.plot.LinePlot;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** What the task commands share: the run, its progress lines, the summary against the baseline and the plots. */
final class TaskRunner {
    private TaskRunner() {
    }

    static String lossPlotFile(Task<?> task) {
        return task.name() + "-loss.png";
    }

    static String accuracyPlotFile(Task<?> task) {
        return task.name() + "-accuracy.png";
    }

    /** Trains {@code task} as the options say and reports; {@code describeTask} is the task's line of sizes. */
    static <B extends SequenceBatch> int run(CommandSpec spec, CommonOptions common, TaskOptions options, Task<B> task,
                                             String describeTask) {
        Path lossPlot = common.outFile(lossPlotFile(task));
        Path accuracyPlot = common.outFile(accuracyPlotFile(task));
        Hyperparameters hp = options.hyperparameters(common.threads());
        Backend.threads(hp.threads());
        PrintWriter out = spec.commandLine().getOut();
        Score baseline = Score.NONE;
        for (B batch : TaskTrainer.validationSet(task, common.seed(), hp.validationSize())) {
            baseline = baseline.plus(task.baseline(batch));
        }
        out.println(describeTask);
        out.printf(Locale.ROOT, "model: %s, %d layer%s of hidden %d%s; Adam lr %s, clip %s; %d batch%s of %d per epoch; "
                        + "%s%n", options.cell().label(), hp.layers(), hp.layers() == 1 ? "" : "s", hp.hidden(),
                hp.bidirectional() ? ", bidirectional" : "", hp.lr(), hp.clip(), hp.batchesPerEpoch(), hp.batchesPerEpoch() == 1 ? "" : "es", hp.batchSize(),
                Backend.describe());
        out.printf(Locale.ROOT, "baseline, %s: validation %s %.4f, accuracy %.1f %% (%,d validation sequences)%n",
                task.baselineRule(), task.lossName(), baseline.loss(), 100 * baseline.accuracy(), hp.validationSize());
        int epochs = options.epochs();
        TrainingResult result;
        try (Progress progress = Progress.start("epoch", epochs, out, Math.max(1, 100 / epochs))) {
            result = task.train(options.cell(), hp, common.seed(), epochs, s -> progress.update(s.epoch(),
                    String.format(Locale.ROOT, "loss %.4f  validation %s %.4f  accuracy %.1f %%  %,.0f tokens/s",
                            s.trainLoss(), task.lossName(), s.validation().loss(), 100 * s.validation().accuracy(),
                            s.tokensPerSecond())));
        } catch (TrainingDiverged e) {
            throw new UserInputException(e.getMessage() + "; try a smaller --lr or --clip", e);
        }
        EpochStats last = result.last();
        String label = options.cell().label() + (hp.bidirectional() ? ", bidirectional" : "");
        out.printf(Locale.ROOT, "%s, %s: validation %s %.4f (baseline %.4f), accuracy %.1f %% (baseline %.1f %%; "
                        + "right: %s)%n", task.name(), label, task.lossName(),
                last.validation().loss(), result.baseline().loss(), 100 * last.validation().accuracy(),
                100 * result.baseline().accuracy(), task.accuracyRule());
        out.printf(Locale.ROOT, "%d epoch%s, %.1f s of training, %,.0f tokens/s (real steps; padding not counted)%n",
                epochs, epochs == 1 ? "" : "s", result.trainSeconds(), result.tokensPerSecond());
        lossPlot(task, label, result).writePngOrFail(lossPlot);
        accuracyPlot(task, label, result).writePngOrFail(accuracyPlot);
        out.println("wrote " + lossPlot + " and " + accuracyPlot);
        return 0;
    }

    static LinePlot lossPlot(Task<?> task, String label, TrainingResult r) {
        double[] x = epochNumbers(r.epochs().size());
        return new LinePlot(task.name() + " (" + label + "): " + task.lossName() + " per epoch", "epoch",
                task.lossName())
                .withSeries("training", x, r.trainLoss())
                .withSeries("validation", x, r.validationLoss())
                .withSeries("baseline", x, constant(x.length, r.baseline().loss()))
                .withLogY(true);
    }

    static LinePlot accuracyPlot(Task<?> task, String label, TrainingResult r) {
        double[] x = epochNumbers(r.epochs().size());
        double[] accuracy = r.validationAccuracy();
        for (int i = 0; i < accuracy.length; i++) {
            accuracy[i] *= 100;
        }
        return new LinePlot(task.name() + " (" + label + "): validation accuracy per epoch", "epoch", "accuracy (%)")
                .withSeries("validation", x, accuracy)
                .withSeries("baseline", x, constant(x.length, 100 * r.baseline().accuracy()));
    }

    private static double[] epochNumbers(int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    private static double[] constant(int count, double value) {
        double[] y = new double[count];
        java.util.Arrays.fill(y, value);
        return y;
    }
}
