package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Progress;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.data.TextCorpus;
import io.github.tapegrad.examples.lm.CharLanguageModel;
import io.github.tapegrad.examples.lm.EpochResult;
import io.github.tapegrad.examples.lm.LanguageModelOptions;
import io.github.tapegrad.examples.lm.LanguageModelTrainer;
import io.github.tapegrad.examples.lm.TextGenerator;
import io.github.tapegrad.examples.lm.TrainingSetup;
import io.github.tapegrad.examples.plot.LinePlot;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.zoo.Equations;
import io.github.tapegrad.nn.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The researcher's loop on one cell: a cell written as forward code ({@link JanetCell}, the example's own, or any
 * other with {@code --cell}), checked with CellCheck (its gradients against finite differences and its forward
 * against its paper's equations stated again per element: {@link JanetReference} for JANET, nn's {@link Equations}
 * for a zoo cell, none for a class of the user's), then trained on the time machine beside the built-in LSTM and GRU
 * with the same data, seed and hyperparameters, and the three perplexity curves plotted together.
 */
@Command(name = "custom-cell", mixinStandardHelpOptions = true,
        description = "Check a cell written as forward code (the example's JANET, or any --cell) with CellCheck, "
                + "then train it beside the built-in lstm and gru on \"The Time Machine\" and plot the three "
                + "perplexity curves.")
public final class CustomCellCommand implements Callable<Integer> {
    static final String PLOT_FILE = "custom-cell-perplexity.png";
    /** The cells every run trains beside the one checked. */
    static final List<String> BASELINES = List.of("lstm", "gru");

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Mixin
    private LanguageModelOptions options;

    @Option(names = {"--cell", "--model"}, paramLabel = "NAME", converter = CellChoice.Converter.class,
            completionCandidates = CellChoice.Names.class,
            defaultValue = "io.github.tapegrad.examples.customcell.JanetCell",
            description = "The cell to check and train beside lstm and gru: " + CellChoice.CHOICES
                    + "; --model is the same option (default: the example's own JanetCell, ${DEFAULT-VALUE}).")
    private CellChoice cell;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20",
            description = "Epochs for each model, N >= 1 (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Override
    public Integer call() {
        options.validate();
        Ranges.between("--epochs", epochs, 1, Integer.MAX_VALUE);
        Path file = common.outFile(PLOT_FILE);
        TextCorpus corpus = options.corpus();
        Map<String, CellChoice> cells = new LinkedHashMap<>();
        cells.put(cell.name(), cell);
        BASELINES.forEach(name -> cells.putIfAbsent(name, CellChoice.of(name)));
        List<TrainingSetup> setups = new ArrayList<>();
        for (CellChoice c : cells.values()) {
            TrainingSetup setup = options.setup(corpus, c, common.seed());
            corpus.minibatches(setup.sampling(), setup.batchSize(), setup.numSteps(), setup.maxTokens(), setup.seed());
            setups.add(setup);
        }
        options.checkSizes(cells.values().stream().map(CellChoice::profile).toList(), corpus.vocab().size());
        Backend.threads(common.threads());
        PrintWriter out = spec.commandLine().getOut();

        // The public checking API: every parameter, input and initial-state gradient against finite differences
        // over seeded small cases, batch invariance, sequence properties and second order, shrunk on failure; and
        // the forward against the cell's equations stated a second time, per element, where they are known: the
        // example's own cell's here (JanetReference), a zoo cell's in nn (Equations).
        CellCheck check = CellCheck.of((in, h, rng) -> cell.factory().create(
                CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng))).seed(common.seed());
        CellReference equations = cell.name().equals(JanetCell.class.getName()) ? JanetReference.EQUATIONS
                : Equations.BY_NAME.get(cell.name());
        if (equations != null) {
            check = check.reference(equations);
        } else {
            out.println("reference: none for " + cell.name() + ", so its forward is not compared with its equations; "
                    + "CellCheck.reference(...) takes them, stated per element (JanetReference shows how)");
        }
        CellCheckReport report = check.run();
        out.println(report);
        if (!report.passed()) {
            throw new UserInputException("cell " + cell.name() + " failed CellCheck (the report above says where); "
                    + "it is not trained");
        }

        LinePlot plot = new LinePlot(cell.label() + " vs built-in LSTM and GRU: perplexity per epoch", "epoch",
                "perplexity");
        for (TrainingSetup setup : setups) {
            String label = setup.model().cell().label();
            CharLanguageModel model = new CharLanguageModel(setup.model(), common.seed());
            LanguageModelTrainer trainer = new LanguageModelTrainer(model, new SGD(model, options.lr()), options.clip(),
                    setup.sampling());
            var batches = corpus.minibatches(setup.sampling(), setup.batchSize(), setup.numSteps(), setup.maxTokens(),
                    setup.seed());
            // grown per epoch, not sized by --epochs up front: 2^31 - 1 epochs is a long run, not 16 GB of doubles
            List<Double> perplexity = new ArrayList<>();
            long tokens = 0;
            double seconds = 0;
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
