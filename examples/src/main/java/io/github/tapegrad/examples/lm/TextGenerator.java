package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.data.Vocab;
import io.github.tapegrad.nn.State;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * d2l's {@code predict_ch8}: warm the state up on the prefix, then extend it one character at a time, feeding
 * each prediction back in. Temperature 0 takes the most likely character (d2l's argmax); a positive temperature
 * samples from softmax(logits / temperature).
 */
public final class TextGenerator {
    private final CharLanguageModel model;
    private final Vocab vocab;

    public TextGenerator(CharLanguageModel model, Vocab vocab) {
        this.model = model;
        this.vocab = vocab;
    }

    /** The greedy continuation: the prefix followed by {@code length} predicted characters. */
    public String greedy(String prefix, int length) {
        return generate(prefix, length, 0, null);
    }

    /** @param rng used only when {@code temperature > 0} */
    public String generate(String prefix, int length, double temperature, RandomGenerator rng) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("TextGenerator.generate: empty prefix");
        }
        boolean wasTraining = model.isTraining();
        StringBuilder text = new StringBuilder(prefix);
        try (Grad.Scope off = Grad.off()) {
            model.eval();
            int[] ids = vocab.encode(prefix);
            // The whole prefix in one forward pass: the state after it, and the logits that predict what follows.
            CharLanguageModel.Output out = model.forward(model.oneHot(ids, ids.length, 1), null);
            Tensor last = out.logits().narrow(0, ids.length - 1, 1);
            List<State> state = out.states();
            for (int k = 0; k < length; k++) {
                int next = choose(last, temperature, rng);
                text.append(vocab.token(next));
                if (k + 1 < length) {
                    out = model.forward(model.oneHot(new int[] {next}, 1, 1), state);
                    last = out.logits();
                    state = out.states();
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return text.toString();
    }

    private static int choose(Tensor logits, double temperature, RandomGenerator rng) {
        double[] l = logits.toDoubleArray();
        return temperature == 0 ? argmax(l) : sample(l, temperature, rng);
    }

    /** The first index of the largest logit; NaN or +Inf logits are an {@link IllegalStateException}. */
    static int argmax(double[] logits) {
        int best = 0;
        for (int i = 0; i < logits.length; i++) {
            requireUsable(logits, i);
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Draws an index from softmax(logits / temperature), computed as exp((l − max) / temperature): every exponent
     * is ≤ 0 (0 for the largest logit), so nothing overflows however small the temperature, and as it goes to 0
     * every weight but the largest logit's underflows to 0, which is the greedy choice. Only an index with a
     * weight > 0 is ever returned.
     *
     * @throws IllegalStateException if a logit is NaN or +Inf, or all are -Inf: no distribution to sample
     * @throws IllegalArgumentException if {@code temperature} is not a finite number > 0
     */
    static int sample(double[] logits, double temperature, RandomGenerator rng) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("TextGenerator.sample: temperature " + temperature
                    + " must be a finite number > 0");
        }
        double max = logits[argmax(logits)];
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("TextGenerator.sample: every logit is -Infinity, no distribution to "
                    + "sample");
        }
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - max) / temperature);
            total += weights[i];
        }
        double u = rng.nextDouble() * total;
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                cumulative += weights[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last;  // u rounded up to the total: the last index that has any weight, never one without
    }

    private static void requireUsable(double[] logits, int i) {
        if (Double.isNaN(logits[i]) || logits[i] == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("TextGenerator: logit " + i + " is " + logits[i]
                    + "; the model's outputs are not a distribution (non-finite weights?)");
        }
    }
}
