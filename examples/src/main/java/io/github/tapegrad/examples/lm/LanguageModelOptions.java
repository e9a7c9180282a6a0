package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CellProfile;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import io.github.tapegrad.examples.data.Sampling;
import io.github.tapegrad.examples.data.TextCorpus;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of a character-model training run, with d2l's (v0.17, sections 8.5–9.2) values as defaults:
 * batch 32, 35 steps, hidden 256, learning rate 1, clipping at norm 1, the first 10,000 tokens of the text.
 * Add with {@code @Mixin LanguageModelOptions options;}. The cell is each command's own option ({@code --cell}),
 * since what it means and its default differ between them.
 */
public final class LanguageModelOptions {
    static final int DEFAULT_HIDDEN = 256;
    static final int DEFAULT_LAYERS = 1;
    static final int DEFAULT_BATCH_SIZE = 32;
    static final int DEFAULT_NUM_STEPS = 35;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "256",
            description = "Hidden size, 1 to " + Ranges.MAX_SIZE + ", and the model must fit the heap "
                    + "(default: ${DEFAULT-VALUE}).")
    int hidden = DEFAULT_HIDDEN;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1",
            description = "Recurrent layers, 1 to " + Ranges.MAX_LAYERS + " (default: ${DEFAULT-VALUE}).")
    int layers = DEFAULT_LAYERS;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1", converter = Ranges.Positive.class,
            description = "SGD learning rate, a finite number > 0 (default: ${DEFAULT-VALUE}).")
    double lr = 1;

    @Option(names = "--clip", paramLabel = "THETA", defaultValue = "1", converter = Ranges.Positive.class,
            description = "Clip the gradients' global norm to THETA, a finite number > 0 (default: ${DEFAULT-VALUE}).")
    double clip = 1;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32",
            description = "Minibatch size, 1 to " + Ranges.MAX_SIZE + " (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULT_BATCH_SIZE;

    @Option(names = "--num-steps", paramLabel = "T", defaultValue = "35",
            description = "Time steps per minibatch, 1 to " + Ranges.MAX_SIZE + " (default: ${DEFAULT-VALUE}).")
    int numSteps = DEFAULT_NUM_STEPS;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "10000",
            description = "Train on the first N character tokens of the text, N >= 1 "
                    + "(default: ${DEFAULT-VALUE}, as d2l).")
    int maxTokens = TextCorpus.D2L_MAX_TOKENS;

    @Option(names = "--sampling", paramLabel = "HOW", defaultValue = "sequential", converter = SamplingConverter.class,
            description = "Minibatches: sequential (state carried over, detached) or random (fresh state each) "
                    + "(default: ${DEFAULT-VALUE}).")
    Sampling sampling = Sampling.SEQUENTIAL;

    @Option(names = "--text", paramLabel = "PATH",
            description = "UTF-8 text to train on, a regular file of at most 256 MiB "
                    + "(default: the bundled \"The Time Machine\").")
    Path text;

    @Option(names = "--init", paramLabel = "SCHEME", defaultValue = "pytorch", converter = InitScheme.Converter.class,
            description = "Initialisation: pytorch (uniform ±1/sqrt(H)) or d2l (normal(0, 0.01), zero biases) "
                    + "(default: ${DEFAULT-VALUE}).")
    InitScheme init = InitScheme.PYTORCH;

    /** Checks the ranges picocli could not; a bad value is a one-line user error. */
    public void validate() {
        Ranges.between("--hidden", hidden, 1, Ranges.MAX_SIZE);
        Ranges.between("--layers", layers, 1, Ranges.MAX_LAYERS);
        Ranges.between("--batch-size", batchSize, 1, Ranges.MAX_SIZE);
        Ranges.between("--num-steps", numSteps, 1, Ranges.MAX_SIZE);
        Ranges.between("--max-tokens", maxTokens, 1, Integer.MAX_VALUE);
    }

    /**
     * Refuses, before anything is allocated, models of {@code cells} over {@code vocabSize} tokens whose tensors
     * cannot exist or whose training step cannot fit the heap, naming the option to lower. Models train one after
     * the other, so each must fit; the tensors of all are checked before any memory estimate, so the refusal does not
     * depend on the heap when a tensor cannot exist at all.
     */
    public void checkSizes(List<CellProfile> cells, int vocabSize) {
        for (long heap : new long[] {Long.MAX_VALUE, Runtime.getRuntime().maxMemory()}) {
            for (CellProfile cell : cells) {
                new SizeCheck(List.of(
                        Knob.option("--hidden", hidden, DEFAULT_HIDDEN),
                        Knob.option("--layers", layers, DEFAULT_LAYERS),
                        Knob.option("--batch-size", batchSize, DEFAULT_BATCH_SIZE),
                        Knob.option("--num-steps", numSteps, DEFAULT_NUM_STEPS)),
                        v -> footprint(cell, vocabSize, v[0], v[1]).training(v[2], v[3], 0)).check(heap);
            }
        }
    }

    /** The character model's sizes: one-hot input and logits over the vocabulary, float32. */
    static RecurrentFootprint footprint(CellProfile cell, double vocabSize, double hidden, double layers) {
        return new RecurrentFootprint("rnn", "linear", cell, vocabSize, hidden, layers, vocabSize,
                CharLanguageModel.DTYPE.bytes());
    }

    /** The --text file, or the bundled book. */
    public TextCorpus corpus() {
        return text == null ? TextCorpus.timeMachine() : TextCorpus.fromFile(text);
    }

    /** This run's setup on {@code corpus} with recurrent layers of {@code cell}. */
    public TrainingSetup setup(TextCorpus corpus, CellChoice cell, long seed) {
        ModelConfig config = new ModelConfig(cell, corpus.vocab().size(), hidden, layers, init);
        return new TrainingSetup(config, TrainingSetup.tokensOf(corpus.vocab()),
                TrainingSetup.checksum(corpus.corpus(maxTokens)), sampling, batchSize, numSteps, maxTokens, seed,
                text == null ? TrainingSetup.BUNDLED_TEXT : text.toString());
    }

    public double lr() {
        return lr;
    }

    public double clip() {
        return clip;
    }
}
