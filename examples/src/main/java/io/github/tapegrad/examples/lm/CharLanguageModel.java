package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;

import java.util.List;
import java.util.SplittableRandom;

/**
 * d2l's {@code RNNModel} (v0.17, section 8.6): one-hot tokens [T, B, V] → recurrent layers of any cell (the config's
 * {@link ModelConfig#cell()}, stacked by {@link Recurrent}) → a linear layer from the hidden size to V at every step.
 * Parameters are named as d2l's PyTorch model names them ({@code rnn.weight_ih_l0}, {@code linear.weight}), so an
 * LSTM, GRU or RNN checkpoint loads into PyTorch's with {@code load_state_dict}.
 */
public class CharLanguageModel extends Module {
    /** Training precision of every example model. */
    public static final DType DTYPE = DType.FLOAT32;

    private final ModelConfig config;
    private final Recurrent rnn;
    private final Linear linear;

    /** Logits [T·B, V] (row t·B + b is step t of sequence b, as d2l's Y.T.reshape(-1)) and each layer's state. */
    public record Output(Tensor logits, List<State> states) {
        public Output {
            states = List.copyOf(states);
        }
    }

    public CharLanguageModel(ModelConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        int v = config.vocabSize();
        int h = config.hidden();
        InitScheme init = config.init();
        // the same draws, in the same order, as nn's LSTM/GRU/RNN classes make: built-in cells train as before
        this.rnn = registerModule("rnn", new Recurrent(config.cell().factory(),
                Recurrent.options(v, h).layers(config.layers()).dtype(DTYPE).rng(rng).init(init.weights(h),
                        init.biases(h))));
        this.linear = registerModule("linear", new Linear(h, v, true, DTYPE, rng, init.weights(h), init.biases(h)));
    }

    /** Token ids {@code [T, B]} (time-major, flat) as the one-hot input [T, B, V]. */
    public Tensor oneHot(int[] timeMajorTokens, int steps, int batch) {
        return Tensor.oneHot(Indices.of(timeMajorTokens, steps, batch), config.vocabSize(), DTYPE);
    }

    /** @param states one per layer, or null for zeros */
    public Output forward(Tensor oneHotInputs, List<State> states) {
        RecurrentOutput out = rnn.forward(oneHotInputs, states);
        Tensor hs = out.outputs();
        Tensor logits = linear.forward(hs.reshape(hs.dim(0) * hs.dim(1), hs.dim(2)));
        return new Output(logits, out.finalStates());
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "CharLanguageModel(" + config.cell() + ": " + rnn + ", " + linear + ")";
    }
}
