package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.init.Init;

import java.util.random.RandomGenerator;

/** A stack of {@link LSTMCell}s, as torch.nn.LSTM (parameters {@code weight_ih_l0} [4H, I], ...). */
public final class LSTM extends Recurrent {

    public LSTM(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, 1, false, 0, dtype, rng);
    }

    /** PyTorch's default init (uniform ±1/sqrt(H)). */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, double dropout, DType dtype,
                RandomGenerator rng) {
        this(inputSize, hiddenSize, numLayers, batchFirst, dropout, dtype, rng, Init.pytorchDefault(hiddenSize),
                Init.pytorchDefault(hiddenSize));
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, double dropout, DType dtype,
                RandomGenerator rng, Init weightInit, Init biasInit) {
        super("LSTM", inputSize, numLayers, batchFirst, dropout, rng.nextLong(),
                (in, layer) -> new LSTMCell(in, hiddenSize, dtype, rng, weightInit, biasInit));
    }

    /** Sets the forget-gate block of every layer's bias_ih and bias_hh to {@code value}. */
    public void forgetGateBias(double value) {
        for (Cell c : cells()) {
            ((LSTMCell) c).forgetGateBias(value);
        }
    }
}
