package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.kernels.MatMul;
import io.github.tapegrad.autograd.kernels.Parallel;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Progress;
import io.github.tapegrad.examples.data.MinibatchSource;
import io.github.tapegrad.examples.data.TextCorpus;
import io.github.tapegrad.examples.plot.LinePlot;
import io.github.tapegrad.nn.optim.SGD;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * d2l v0.17 chapters 8–9: a character-level language model of "The Time Machine". Trains with plain SGD and
 * gradient clipping, prints perplexity and speed per epoch and a greedy continuation of "time traveller" every ten
 * epochs, then writes a perplexity plot and a checkpoint that {@code generate} and {@code --resume} read.
 */
@Command(name = "time-machine", mixinStandardHelpOptions = true,
        description = "Train d2l's character-level language model (chapters 8-9) on \"The Time Machine\".")
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

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
            description = "Epochs to train in total, counting those of a --resume checkpoint (default: ${DEFAULT-VALUE}; "
                    + "d2l trains 500).")
    private int epochs;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
            description = "Also write the checkpoint every N epochs (default: ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Continue the run saved in CHECKPOINT (same options; its epochs count toward --epochs).")
    private Path resume;

    @Override
    public Integer call() {
        options.validate();
        ModelConfig.requireAtLeastOne("--epochs", epochs);
        ModelConfig.requireAtLeastOne("--checkpoint-every", checkpointEvery);
        Parallel.setThreads(common.threads());
        PrintWriter out = spec.commandLine().getOut();

        TextCorpus corpus = options.corpus();
        TrainingSetup setup = options.setup(corpus, options.kind(), common.seed());
        CharLanguageModel model = new CharLanguageModel(setup.model(), common.seed());
        SGD sgd = new SGD(model, options.lr());
        List<Double> history = new ArrayList<>();
        int done = 0;
        if (resume != null) {
            String source = "--resume " + resume;
            Map<String, String> metadata = CheckpointFiles.readMetadata("--resume", resume);
            setup.requireSameAs(TrainingSetup.fromMetadata(metadata, source), source);
            done = TrainingSetup.epoch(metadata, source);
            if (done >= epochs) {
                throw new UserInputException(source + ": checkpoint is already at epoch " + done + ", so --epochs "
                        + epochs + " leaves nothing to train; raise --epochs");
            }
            history.addAll(TrainingSetup.perplexities(metadata, source));
            CheckpointFiles.load("--resume", resume, model, sgd);
        }
        Path checkpoint = common.outFile(CHECKPOINT_FILE);
        MinibatchSource batches = corpus.minibatches(setup.sampling(), setup.batchSize(), setup.numSteps(),
                setup.maxTokens(), setup.seed());
        for (int e = 0; e < done; e++) {
            batches.iterator(); // replays the sampler's random draws of the epochs already trained
        }
        out.printf(Locale.ROOT, "%s on %s: %d tokens, vocabulary %d, %s sampling; %s%n", model, corpus.sourceName(),
                batches.corpusLength(), setup.model().vocabSize(), setup.sampling().label(), io.github.tapegrad.autograd.Backend.describe());
        if (done > 0) {
            out.printf(Locale.ROOT, "resuming after epoch %d from %s%n", done, resume);
        }

        LanguageModelTrainer trainer = new LanguageModelTrainer(model, sgd, options.clip(), setup.sampling());
        TextGenerator generator = new TextGenerator(model, corpus.vocab());
        long tokens = 0;
        double seconds = 0;
        try (Progress progress = Progress.start("epoch", epochs, out, Math.max(1, 100 / epochs))) {
            for (int epoch = done + 1; epoch <= epochs; epoch++) {
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
                    CheckpointFiles.save(checkpoint, model, sgd, setup.toMetadata(epoch, history));
                }
            }
        }
        out.printf(Locale.ROOT, "perplexity %.2f, %,.0f tokens/s over %d epochs (%.1f s of training)%n",
                history.get(history.size() - 1), tokens / seconds, epochs - done, seconds);
        for (String prefix : PREFIXES) {
            out.println(generator.greedy(prefix, PREDICTION_LENGTH));
        }
        Path plot = common.outFile(PLOT_FILE);
        writePlot(perplexityPlot(setup.model().kind().label(), history), plot);
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

    static void writePlot(LinePlot plot, Path file) {
        try {
            plot.writePng(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }
}
