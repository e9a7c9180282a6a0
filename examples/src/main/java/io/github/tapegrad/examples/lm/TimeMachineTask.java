package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.data.MinibatchSource;
import io.github.tapegrad.examples.data.Sampling;
import io.github.tapegrad.examples.data.TextCorpus;
import io.github.tapegrad.examples.study.Distribution;
import io.github.tapegrad.examples.study.StudyTask;
import io.github.tapegrad.examples.study.Trial;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.optim.SGD;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code time-machine} command's character language model as a study task, with a held-out split: d2l's
 * first 10,000 tokens of the bundled book, the first 9,000 for training (sequential minibatches of 32 × 35, SGD,
 * gradient clipping θ = 1, as the command) and the last 1,000 for validation, read as {@link #VALIDATION_ROWS}
 * rows from a zero state; the metric is the validation perplexity after each epoch. Hyperparameters: {@code lr}
 * (SGD's rate) and {@code hidden}; one layer, PyTorch's init.
 */
public final class TimeMachineTask implements StudyTask {
    static final int TRAIN_TOKENS = 9_000;
    static final int VALIDATION_ROWS = 10;
    static final int BATCH = 32;
    static final int STEPS = 35;
    static final double CLIP = 1.0;

    @Override
    public String name() {
        return "time-machine";
    }

    @Override
    public String metric() {
        return "validation perplexity";
    }

    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public Map<String, Distribution> defaultSpace() {
        Map<String, Distribution> space = new LinkedHashMap<>();
        space.put("lr", new Distribution.LogUniform(0.1, 10));
        space.put("hidden", new Distribution.Choice(List.of(64.0, 128.0, 256.0)));
        return space;
    }

    @Override
    public double[] run(Trial trial, EpochListener listener) {
        TextCorpus corpus = TextCorpus.timeMachine();
        int[] tokens = corpus.corpus(TextCorpus.D2L_MAX_TOKENS);
        int[] train = Arrays.copyOf(tokens, TRAIN_TOKENS);
        int[] validation = Arrays.copyOfRange(tokens, TRAIN_TOKENS, tokens.length);
        MinibatchSource batches = Sampling.SEQUENTIAL.over(train, BATCH, STEPS, trial.seed());
        ModelConfig config = new ModelConfig(CellChoice.of(trial.cell()), corpus.vocab().size(),
                trial.intParam("hidden", 256), 1, InitScheme.PYTORCH);
        CharLanguageModel model = new CharLanguageModel(config, trial.seed());
        StudyTask.shiftForgetBias(model, trial);
        LanguageModelTrainer trainer = new LanguageModelTrainer(model, new SGD(model, trial.param("lr", 1.0)), CLIP,
                Sampling.SEQUENTIAL);
        double[] curve = new double[trial.epochs()];
        for (int epoch = 0; epoch < curve.length; epoch++) {
            trainer.trainEpoch(batches);
            curve[epoch] = validationPerplexity(model, validation);
            listener.epoch(epoch + 1, curve[epoch]);
            if (!Double.isFinite(curve[epoch])) {
                return Arrays.copyOf(curve, epoch + 1);
            }
        }
        return curve;
    }

    /** exp(mean cross-entropy) of predicting each next token, the held-out text cut into rows read from zeros. */
    static double validationPerplexity(CharLanguageModel model, int[] tokens) {
        int rows = VALIDATION_ROWS;
        int steps = (tokens.length - 1) / rows;
        int[] inputs = new int[steps * rows];
        int[] targets = new int[steps * rows];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < rows; b++) {
                inputs[t * rows + b] = tokens[b * steps + t];
                targets[t * rows + b] = tokens[b * steps + t + 1];
            }
        }
        model.eval();
        try (Grad.Scope off = Grad.off()) {
            CharLanguageModel.Output out = model.forward(model.oneHot(inputs, steps, rows), null);
            return Math.exp(Loss.crossEntropy(out.logits(), Indices.of(targets)).item());
        } finally {
            model.train();
        }
    }
}
