package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.data.Sampling;
import io.github.tapegrad.examples.data.TextCorpus;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of a character-model training run, with d2l's (v0.17, sections 8.5–9.2) values as defaults:
 * batch 32, 35 steps, hidden 256, learning rate 1, clipping at norm 1, the first 10,000 tokens of the text.
 * Add with {@code @Mixin LanguageModelOptions options;}.
 */
public final class LanguageModelOptions {

    @Option(names = "--model", paramLabel = "KIND", defaultValue = "lstm", converter = ModelKind.Converter.class,
            description = "Recurrent layer: lstm, gru, rnn or custom (the examples' peephole LSTM) "
                    + "(default: ${DEFAULT-VALUE}).")
    ModelKind kind = ModelKind.LSTM;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "256", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 256;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers = 1;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1", description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1;

    @Option(names = "--clip", paramLabel = "THETA", defaultValue = "1",
            description = "Clip the gradients' global norm to THETA (default: ${DEFAULT-VALUE}).")
    double clip = 1;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 32;

    @Option(names = "--num-steps", paramLabel = "T", defaultValue = "35",
            description = "Time steps per minibatch (default: ${DEFAULT-VALUE}).")
    int numSteps = 35;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "10000",
            description = "Train on the first N character tokens of the text (default: ${DEFAULT-VALUE}, as d2l).")
    int maxTokens = TextCorpus.D2L_MAX_TOKENS;

    @Option(names = "--sampling", paramLabel = "HOW", defaultValue = "sequential", converter = SamplingConverter.class,
            description = "Minibatches: sequential (state carried over, detached) or random (fresh state each) "
                    + "(default: ${DEFAULT-VALUE}).")
    Sampling sampling = Sampling.SEQUENTIAL;

    @Option(names = "--text", paramLabel = "PATH",
            description = "UTF-8 text to train on (default: the bundled \"The Time Machine\").")
    Path text;

    @Option(names = "--init", paramLabel = "SCHEME", defaultValue = "pytorch", converter = InitScheme.Converter.class,
            description = "Initialisation: pytorch (uniform ±1/sqrt(H)) or d2l (normal(0, 0.01), zero biases) "
                    + "(default: ${DEFAULT-VALUE}).")
    InitScheme init = InitScheme.PYTORCH;

    /** Checks the values picocli could not; a bad one is a one-line user error. */
    public void validate() {
        ModelConfig.requireAtLeastOne("--hidden", hidden);
        ModelConfig.requireAtLeastOne("--layers", layers);
        ModelConfig.requireAtLeastOne("--batch-size", batchSize);
        ModelConfig.requireAtLeastOne("--num-steps", numSteps);
        ModelConfig.requireAtLeastOne("--max-tokens", maxTokens);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UserInputException("--lr " + lr + ": must be a finite number > 0");
        }
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new UserInputException("--clip " + clip + ": must be a finite number > 0");
        }
    }

    /** The --text file, or the bundled book. */
    public TextCorpus corpus() {
        return text == null ? TextCorpus.timeMachine() : TextCorpus.fromFile(text);
    }

    /** This run's setup on {@code corpus} with {@code kind} (which may differ from --model, e.g. in custom-cell). */
    public TrainingSetup setup(TextCorpus corpus, ModelKind modelKind, long seed) {
        ModelConfig config = new ModelConfig(modelKind, corpus.vocab().size(), hidden, layers, init);
        return new TrainingSetup(config, TrainingSetup.tokensOf(corpus.vocab()),
                TrainingSetup.checksum(corpus.corpus(maxTokens)), sampling, batchSize, numSteps, maxTokens, seed);
    }

    public ModelKind kind() {
        return kind;
    }

    public double lr() {
        return lr;
    }

    public double clip() {
        return clip;
    }
}
