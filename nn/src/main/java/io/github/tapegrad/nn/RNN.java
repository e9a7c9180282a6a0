package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.init.Init;

import java.util.random.RandomGenerator;

/** A stack of {@link RNNCell}s, as torch.nn.RNN (parameters {@code weight_ih_l0} [H, I], ...). */
public final class RNN extends Recurrent {

    public RNN(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, 1, RNNCell.Nonlinearity.TANH, false, 0, dtype, rng);
    }

    /** PyTorch's default init (uniform ±1/sqrt(H)). */
    public RNN(int inputSize, int hiddenSize, int numLayers, RNNCell.Nonlinearity nonlinearity, boolean batchFirst,
               double dropout, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, numLayers, nonlinearity, batchFirst, dropout, dtype, rng,
                Init.pytorchDefault(hiddenSize), Init.pytorchDefault(hiddenSize));
    }

    public RNN(int inputSize, int hiddenSize, int numLayers, RNNCell.Nonlinearity nonlinearity, boolean batchFirst,
               double dropout, DType dtype, RandomGenerator rng, Init weightInit, Init biasInit) {
        super("RNN", inputSize, numLayers, batchFirst, dropout, rng.nextLong(),
                (in, layer) -> new RNNCell(in, hiddenSize, nonlinearity, dtype, rng, weightInit, biasInit));
    }
}
