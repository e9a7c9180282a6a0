package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Progress;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.data.MinibatchSource;
import io.github.tapegrad.examples.data.TextCorpus;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * d2l v0.17 chapters 8–9: a character-level language model of "The Time Machine", its recurrent layers made of any
 * cell ({@code --cell}: a zoo name or a class on the classpath). Trains with plain SGD and
 * gradient clipping, prints perplexity and speed per epoch and a greedy continuation of "time traveller" every ten
 * epochs, then writes a perplexity plot and a checkpoint that {@code generate} and {@code --resume} read.
 */
@Command(name = "time-machine", mixinStandardHelpOptions = true,
        description = "Train d2l's character-level language model (chapters 8-9) on \"The Time Machine\".",
        footerHeading = "%nResuming (--resume CHECKPOINT):%n",
        footer = {
            "Options that define the model or the data must equal the checkpoint's, or the run is refused naming "
                    + "the option and both values: --cell or --model, --hidden, --layers, --init, --text (its content), "
                    + "--max-tokens, --batch-size, --num-steps, --sampling, --seed.",
            "Options that steer how training goes on may change, and the new values are used: --epochs (the total "
                    + "to reach; raise it to extend training), --lr, --clip, --checkpoint-every, --threads, --out. "
                    + "One line says which values changed; all but --out are recorded in the next checkpoint."})
public final class TimeMachineCommand implements Callable<Integer> {
    /** d2l's prompts. */
    static final List<String> PREFIXES = List.of("time traveller", "traveller");
    static final int PREDICTION_LENGTH = 50;
    static final String CHECKPOINT_FILE = "time-machine.safetensors";
    static final String PLOT_FILE = "time-machine-perplexity.png";

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Mixin
    private LanguageModelOptions options;

    @Option(names = {"--cell", "--model"}, paramLabel = "NAME", defaultValue = "lstm",
            converter = CellChoice.Converter.class, completionCandidates = CellChoice.Names.class,
            description = "The recurrent layers' cell: " + CellChoice.CHOICES + "; --model is the same option, and "
                    + "custom the former name of vanilla (default: ${DEFAULT-VALUE}).")
    private CellChoice cell;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
            description = "Epochs to train in total, counting those of a --resume checkpoint, N >= 1 "
                    + "(default: ${DEFAULT-VALUE}; d2l trains 500).")
    private int epochs;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
            description = "Also write the checkpoint every N epochs, N >= 1 (default: ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Continue the run saved in CHECKPOINT; its epochs count toward --epochs. Which options "
                    + "may differ from the checkpoint's: see below.")
    private Path resume;

    @Override
    public Integer call() {
        options.validate();
        Ranges.between("--epochs", epochs, 1, Integer.MAX_VALUE);
        Ranges.between("--checkpoint-every", checkpointEvery, 1, Integer.MAX_VALUE);
        Path checkpoint = common.outFile(CHECKPOINT_FILE);
        Path plot = common.outFile(PLOT_FILE);
        Map<String, String> resumed = resume == null ? null : CheckpointFiles.readMetadata("--resume", resume);
        TextCorpus corpus = options.corpus();
        TrainingSetup setup = options.setup(corpus, cell, common.seed());
        MinibatchSource batches = corpus.minibatches(setup.sampling(), setup.batchSize(), setup.numSteps(),
                setup.maxTokens(), setup.seed());
        String source = "--resume " + resume;
        int done = 0;
        if (resumed != null) {
            setup.requireSameAs(TrainingSetup.fromMetadata(resumed, source), source);
            done = TrainingSetup.epoch(resumed, source);
            if (done >= epochs) {
                throw new UserInputException(source + ": checkpoint is already at epoch " + done + ", so --epochs "
                        + epochs + " leaves nothing to train; raise --epochs");
            }
        }
        options.checkSizes(List.of(cell.profile()), setup.model().vocabSize());
        Backend.threads(common.threads());
        PrintWriter out = spec.commandLine().getOut();

        CharLanguageModel model = new CharLanguageModel(setup.model(), common.seed());
        SGD sgd = new SGD(model, options.lr());
        RunSettings settings = new RunSettings(epochs, options.lr(), options.clip(), checkpointEvery, common.threads());
        List<Double> history = new ArrayList<>();
        String changes = null;
        if (resumed != null) {
            history.addAll(TrainingSetup.perplexities(resumed, source));
            CheckpointFiles.load("--resume", resume, model, sgd);
            changes = settings.changesSince(RunSettings.fromMetadata(resumed, sgd.lr()));
            sgd.setLr(options.lr());  // the checkpoint's optimizer state carries its own rate: this run's wins
        }
        for (int e = 0; e < done; e++) {
            batches.iterator(); // replays the sampler's random draws of the epochs already trained
        }
        out.printf(Locale.ROOT, "%s on %s: %d tokens, vocabulary %d, %s sampling; %s%n", model, corpus.sourceName(),
                batches.corpusLength(), setup.model().vocabSize(), setup.sampling().label(), Backend.describe());
        if (resumed != null) {
            out.printf(Locale.ROOT, "resuming after epoch %d from %s%n", done, resume);
            out.println("resume: " + (changes.isEmpty() ? "no option changed" : "changed " + changes));
        }

        LanguageModelTrainer trainer = new LanguageModelTrainer(model, sgd, options.clip(), setup.sampling());
        TextGenerator generator = new TextGenerator(model, corpus.vocab());
        long tokens = 0;
        double seconds = 0;
        try (Progress progress = Progress.start("epoch", epochs, out, Math.max(1, 100 / epochs))) {
            // counted in long: with --epochs 2147483647 an int epoch++ would wrap instead of ending the loop
            for (long epoch = done + 1L; epoch <= epochs; epoch++) {
                EpochResult result = trainer.trainEpoch(batches);
                if (!Double.isFinite(result.perplexity())) {
                    throw new UserInputException("training diverged: perplexity " + result.perplexity() + " at epoch "
                            + epoch + "; try a smaller --lr or --clip");
                }
                history.add(result.perplexity());
                tokens += result.tokens();
                seconds += result.seconds();
                progress.update(epoch, String.format(Locale.ROOT, "perplexity %.2f  %,.0f tokens/s",
                        result.perplexity(), result.tokensPerSecond()));
                if (epoch % 10 == 0) {
                    if (progress.style() == Progress.Style.LIVE_LINE) {
                        out.println();
                    }
                    out.println("  " + generator.greedy(PREFIXES.get(0), PREDICTION_LENGTH));
                }
                if (epoch % checkpointEvery == 0 || epoch == epochs) {
                    Map<String, String> metadata = new LinkedHashMap<>(setup.toMetadata((int) epoch, history));
                    metadata.putAll(settings.toMetadata());
                    CheckpointFiles.save(checkpoint, model, sgd, metadata);
                }
            }
        }
        out.printf(Locale.ROOT, "perplexity %.2f, %,.0f tokens/s over %d epochs (%.1f s of training)%n",
                history.get(history.size() - 1), tokens / seconds, epochs - done, seconds);
        for (String prefix : PREFIXES) {
            out.println(generator.greedy(prefix, PREDICTION_LENGTH));
        }
        perplexityPlot(cell.label(), history).writePngOrFail(plot);
        out.println("wrote " + plot + " and " + checkpoint);
        return 0;
    }

    static LinePlot perplexityPlot(String seriesName, List<Double> history) {
        return new LinePlot("time machine: perplexity per epoch", "epoch", "perplexity")
                .withSeries(seriesName, epochNumbers(history.size()), toArray(history));
    }

    static double[] epochNumbers(int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    static double[] toArray(List<Double> values) {
        double[] y = new double[values.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = values.get(i);
        }
        return y;
    }
}
