package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.init.Init;

import java.util.random.RandomGenerator;

/** A stack of {@link GRUCell}s, as torch.nn.GRU (parameters {@code weight_ih_l0} [3H, I], ...). */
public final class GRU extends Recurrent {

    public GRU(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, 1, false, 0, dtype, rng);
    }

    /** PyTorch's default init (uniform ±1/sqrt(H)). */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, double dropout, DType dtype,
               RandomGenerator rng) {
        this(inputSize, hiddenSize, numLayers, batchFirst, dropout, dtype, rng, Init.pytorchDefault(hiddenSize),
                Init.pytorchDefault(hiddenSize));
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, double dropout, DType dtype,
               RandomGenerator rng, Init weightInit, Init biasInit) {
        super("GRU", inputSize, numLayers, batchFirst, dropout, rng.nextLong(),
                (in, layer) -> new GRUCell(in, hiddenSize, dtype, rng, weightInit, biasInit));
    }
}
