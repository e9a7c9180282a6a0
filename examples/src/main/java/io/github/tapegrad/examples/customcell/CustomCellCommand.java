package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Progress;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.data.TextCorpus;
import io.github.tapegrad.examples.lm.CharLanguageModel;
import io.github.tapegrad.examples.lm.EpochResult;
import io.github.tapegrad.examples.lm.LanguageModelOptions;
import io.github.tapegrad.examples.lm.LanguageModelTrainer;
import io.github.tapegrad.examples.lm.ModelKind;
import io.github.tapegrad.examples.lm.TextGenerator;
import io.github.tapegrad.examples.lm.TrainingSetup;
import io.github.tapegrad.examples.plot.LinePlot;
import io.github.tapegrad.nn.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The custom-cell walk-through: a peephole LSTM written as forward code in {@link PeepholeLSTMCell}, its gradients
 * verified against finite differences, then trained on the time machine beside the built-in LSTM with the same
 * data, seed and hyperparameters.
 */
@Command(name = "custom-cell", mixinStandardHelpOptions = true,
        description = "Gradient-check a peephole LSTM written as forward code, then train it beside the built-in "
                + "LSTM on \"The Time Machine\". --model is fixed to lstm (the baseline).")
public final class CustomCellCommand implements Callable<Integer> {
    static final String PLOT_FILE = "custom-cell-perplexity.png";

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Mixin
    private LanguageModelOptions options;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20",
            description = "Epochs for each of the two models, N >= 1 (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Override
    public Integer call() {
        options.validate();
        if (options.kind() != ModelKind.LSTM) {
            throw new UserInputException("--model " + options.kind().label()
                    + ": custom-cell always compares the peephole cell with the built-in lstm");
        }
        Ranges.between("--epochs", epochs, 1, Integer.MAX_VALUE);
        Path file = common.outFile(PLOT_FILE);
        TextCorpus corpus = options.corpus();
        List<TrainingSetup> setups = new ArrayList<>();
        for (ModelKind kind : List.of(ModelKind.CUSTOM, ModelKind.LSTM)) {
            TrainingSetup setup = options.setup(corpus, kind, common.seed());
            corpus.minibatches(setup.sampling(), setup.batchSize(), setup.numSteps(), setup.maxTokens(), setup.seed());
            options.checkSizes(kind, setup.model().vocabSize());
            setups.add(setup);
        }
        Backend.threads(common.threads());
        PrintWriter out = spec.commandLine().getOut();

        // the public checking API: every parameter, input and initial-state gradient against finite
        // differences over seeded small cases, batch invariance and second order, shrunk on failure
        CellCheckReport report = CellCheck.of((in, h, rng) -> new PeepholeLSTMCell(
                CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng))).seed(common.seed()).run();
        out.println(report);
        if (!report.passed()) {
            throw new IllegalStateException("PeepholeLSTMCell: gradient check failed: " + report);
        }

        LinePlot plot = new LinePlot("custom cell vs built-in LSTM: perplexity per epoch", "epoch", "perplexity");
        for (TrainingSetup setup : setups) {
            ModelKind kind = setup.model().kind();
            CharLanguageModel model = new CharLanguageModel(setup.model(), common.seed());
            LanguageModelTrainer trainer = new LanguageModelTrainer(model, new SGD(model, options.lr()), options.clip(),
                    setup.sampling());
            var batches = corpus.minibatches(setup.sampling(), setup.batchSize(), setup.numSteps(), setup.maxTokens(),
                    setup.seed());
            // grown per epoch, not sized by --epochs up front: 2^31 - 1 epochs is a long run, not 16 GB of doubles
            List<Double> perplexity = new ArrayList<>();
            long tokens = 0;
            double seconds = 0;
            String label = kind == ModelKind.CUSTOM ? "peephole" : "lstm";
            try (Progress progress = Progress.start(label, epochs, out, Math.max(1, 100 / epochs))) {
                for (long epoch = 1; epoch <= epochs; epoch++) {
                    EpochResult r = trainer.trainEpoch(batches);
                    if (!Double.isFinite(r.perplexity())) {
                        throw new UserInputException(label + ": training diverged at epoch " + epoch
                                + "; try a smaller --lr");
                    }
                    perplexity.add(r.perplexity());
                    tokens += r.tokens();
                    seconds += r.seconds();
                    progress.update(epoch, String.format(Locale.ROOT, "perplexity %.2f  %,.0f tokens/s",
                            r.perplexity(), r.tokensPerSecond()));
                }
            }
            out.printf(Locale.ROOT, "%s (%,d parameters): perplexity %.2f, %,.0f tokens/s; %s%n", label,
                    model.parameterCount(), perplexity.get(perplexity.size() - 1), tokens / seconds,
                    new TextGenerator(model, corpus.vocab()).greedy("time traveller", 50));
            plot = plot.withSeries(label, epochNumbers(perplexity.size()),
                    perplexity.stream().mapToDouble(Double::doubleValue).toArray());
        }
        plot.writePngOrFail(file);
        out.println("wrote " + file);
        return 0;
    }

    private static double[] epochNumbers(int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
