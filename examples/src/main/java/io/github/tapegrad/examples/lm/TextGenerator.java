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
        if (temperature <= 0) {
            return logits.argmax(1).get(0);
        }
        Tensor p = logits.div(temperature).softmax(1);
        double u = rng.nextDouble();
        double cumulative = 0;
        int n = p.numel();
        for (int i = 0; i < n; i++) {
            cumulative += p.get(i);
            if (u < cumulative) {
                return i;
            }
        }
        return n - 1;
    }
}
