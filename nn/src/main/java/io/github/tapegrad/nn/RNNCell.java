package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** Elman RNN, as torch.nn.RNNCell: h' = act(W_ih x + b_ih + W_hh h + b_hh), act tanh or relu. */
public final class RNNCell extends StandardCell {

    public enum Nonlinearity { TANH, RELU }

    private final Nonlinearity nonlinearity;

    /** PyTorch's default init: all four parameters uniform ±1/sqrt(H). */
    public RNNCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, nonlinearity, dtype, rng, Init.pytorchDefault(hiddenSize),
                Init.pytorchDefault(hiddenSize));
    }

    public RNNCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity, DType dtype, RandomGenerator rng,
                   Init weightInit, Init biasInit) {
        super("RNNCell", 1, inputSize, hiddenSize, dtype, rng, weightInit, biasInit);
        this.nonlinearity = Objects.requireNonNull(nonlinearity, "nonlinearity");
    }

    @Override
    public State step(Tensor x, Tensor precomputed, State state) {
        // x·W_ihᵀ + b_ih + b_hh + h·W_hhᵀ, the GEMM accumulating onto the input side
        Tensor pre = state.h().linear(weightHh, inputGates(x, precomputed, state));
        return State.of(nonlinearity == Nonlinearity.TANH ? pre.tanh() : pre.relu());
    }

    @Override
    protected Tensor inputBias() {
        return biasIh.add(biasHh);
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    public String toString() {
        return "RNNCell(" + inputSize() + ", " + hiddenSize() + ", " + nonlinearity.name().toLowerCase() + ")";
    }
}
