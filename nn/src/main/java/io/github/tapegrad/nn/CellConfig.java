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
 */
public record CellConfig(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng, Init weightInit,
                         Init biasInit) {
    public CellConfig {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("CellConfig: sizes must be positive, got inputSize=" + inputSize
                    + ", hiddenSize=" + hiddenSize);
        }
        Objects.requireNonNull(dtype, "CellConfig: dtype");
        Objects.requireNonNull(rng, "CellConfig: rng");
    }

    /** Float32, parameters drawn from {@code new SplittableRandom(0)}, PyTorch's default init. */
    public static CellConfig of(int inputSize, int hiddenSize) {
        return new CellConfig(inputSize, hiddenSize, DType.FLOAT32, new SplittableRandom(0), null, null);
    }

    public CellConfig inputSize(int size) {
        return new CellConfig(size, hiddenSize, dtype, rng, weightInit, biasInit);
    }

    public CellConfig hiddenSize(int size) {
        return new CellConfig(inputSize, size, dtype, rng, weightInit, biasInit);
    }

    public CellConfig dtype(DType type) {
        return new CellConfig(inputSize, hiddenSize, type, rng, weightInit, biasInit);
    }

    public CellConfig rng(RandomGenerator generator) {
        return new CellConfig(inputSize, hiddenSize, dtype, generator, weightInit, biasInit);
    }

    /** E.g. d2l's init: {@code init(Init.normal(0, 0.01), Init.zeros())}. */
    public CellConfig init(Init weights, Init biases) {
        return new CellConfig(inputSize, hiddenSize, dtype, rng, weights, biases);
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
