package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.init.Init;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What every cell is built from: its sizes, dtype, the generator its parameters are drawn from and the
 * init of its weights and biases. Every cell has a constructor taking one, so {@code LSTMCell::new} is a
 * {@link CellFactory} and any cell stacks, checks and trains the same way.
 *
 * <pre>{@code new LSTMCell(CellConfig.of(28, 256).dtype(DType.FLOAT64).rng(new SplittableRandom(7)))}</pre>
 *
 * @param weightInit init of weight matrices; null means PyTorch's default, uniform ±1/sqrt(hiddenSize)
 * @param biasInit init of biases; null means PyTorch's default
 * @param projSize PyTorch's {@code proj_size}: 0 for none, else 0 &lt; projSize &lt; hiddenSize, the width of the
 *     hidden output h = W_hr (o ⊙ tanh c) of an LSTM; cells that do not implement {@link Cell.Projectable}
 *     refuse a nonzero one
 */
public record CellConfig(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng, Init weightInit,
                         Init biasInit, int projSize) {
    public CellConfig {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("CellConfig: sizes must be positive, got inputSize=" + inputSize
                    + ", hiddenSize=" + hiddenSize);
        }
        checkProjSize("CellConfig", projSize, hiddenSize);
        Objects.requireNonNull(dtype, "CellConfig: dtype");
        Objects.requireNonNull(rng, "CellConfig: rng");
    }

    /** Without projection (projSize 0). */
    public CellConfig(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng, Init weightInit, Init biasInit) {
        this(inputSize, hiddenSize, dtype, rng, weightInit, biasInit, 0);
    }

    /** Float32, parameters drawn from {@code new SplittableRandom(0)}, PyTorch's default init, no projection. */
    public static CellConfig of(int inputSize, int hiddenSize) {
        return new CellConfig(inputSize, hiddenSize, DType.FLOAT32, new SplittableRandom(0), null, null, 0);
    }

    /** PyTorch's rule: 0 (none) or 0 &lt; projSize &lt; hiddenSize. */
    static void checkProjSize(String where, int projSize, int hiddenSize) {
        if (projSize < 0 || projSize >= hiddenSize && projSize != 0) {
            throw new IllegalArgumentException(where + ": projSize must be 0 (no projection) or between 1 and "
                    + "hiddenSize - 1 (PyTorch's proj_size < hidden_size), got projSize=" + projSize + ", hiddenSize="
                    + hiddenSize);
        }
    }

    public CellConfig inputSize(int size) {
        return new CellConfig(size, hiddenSize, dtype, rng, weightInit, biasInit, projSize);
    }

    public CellConfig hiddenSize(int size) {
        return new CellConfig(inputSize, size, dtype, rng, weightInit, biasInit, projSize);
    }

    public CellConfig dtype(DType type) {
        return new CellConfig(inputSize, hiddenSize, type, rng, weightInit, biasInit, projSize);
    }

    public CellConfig rng(RandomGenerator generator) {
        return new CellConfig(inputSize, hiddenSize, dtype, generator, weightInit, biasInit, projSize);
    }

    /** E.g. d2l's init: {@code init(Init.normal(0, 0.01), Init.zeros())}. */
    public CellConfig init(Init weights, Init biases) {
        return new CellConfig(inputSize, hiddenSize, dtype, rng, weights, biases, projSize);
    }

    /**
     * PyTorch's {@code proj_size}: the hidden output of a {@link Cell.Projectable} cell (LSTMCell) becomes
     * h = W_hr (o ⊙ tanh c) [B, size], with {@code weight_hr} [size, H]; 0 for none.
     */
    public CellConfig projSize(int size) {
        return new CellConfig(inputSize, hiddenSize, dtype, rng, weightInit, biasInit, size);
    }

    /** The init of weights, PyTorch's default when none was set. */
    public Init weights() {
        return weightInit != null ? weightInit : Init.pytorchDefault(hiddenSize);
    }

    /** The init of biases, PyTorch's default when none was set. */
    public Init biases() {
        return biasInit != null ? biasInit : Init.pytorchDefault(hiddenSize);
    }
}
