package io.github.tapegrad.examples.lm;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.GRU;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.RNN;
import io.github.tapegrad.nn.RNNCell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.init.Init;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;

import java.util.List;
import java.util.SplittableRandom;

/**
 * d2l's {@code RNNModel} (v0.17, section 8.6): one-hot tokens [T, B, V] → recurrent layers → a linear layer from
 * the hidden size to V at every step. Parameters are named as d2l's PyTorch model names them
 * ({@code rnn.weight_ih_l0}, {@code linear.weight}), so a checkpoint loads into it with {@code load_state_dict}.
 */
public final class CharLanguageModel extends Module {
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
        Init weights = init.weights(h);
        Init biases = init.biases(h);
        Recurrent layers = switch (config.kind()) {
            case LSTM -> new LSTM(Recurrent.options(v, h).layers(config.layers()).dtype(DTYPE).rng(rng).init(weights, biases));
            case GRU -> new GRU(Recurrent.options(v, h).layers(config.layers()).dtype(DTYPE).rng(rng).init(weights, biases));
            case RNN -> new RNN(Recurrent.options(v, h).layers(config.layers()).dtype(DTYPE).rng(rng).init(weights, biases));
            case CUSTOM -> new Recurrent(PeepholeLSTMCell::new,
                    Recurrent.options(v, h).layers(config.layers()).dtype(DTYPE).rng(rng).init(weights, biases));
        };
        this.rnn = registerModule("rnn", layers);
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
        return "CharLanguageModel(" + rnn + ", " + linear + ")";
    }
}
