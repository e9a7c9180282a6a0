package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** Elman RNN, as torch.nn.RNNCell (Elman 1990): h' = act(W_ih x + b_ih + W_hh h + b_hh), act tanh or relu. */
public final class RNNCell extends Cell {

    public enum Nonlinearity { TANH, RELU }

    private final Nonlinearity nonlinearity;
    private final Gates gates;

    /** tanh. */
    public RNNCell(CellConfig config) {
        this(config, Nonlinearity.TANH);
    }

    public RNNCell(CellConfig config, Nonlinearity nonlinearity) {
        super("RNNCell", config, "h");
        this.nonlinearity = Objects.requireNonNull(nonlinearity, "nonlinearity");
        gates = gates("h");
    }

    /** PyTorch's default init, tanh. */
    public RNNCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(CellConfig.of(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor pre = gates.plusHidden(in, state.h());
        return State.of(nonlinearity == Nonlinearity.TANH ? pre.tanh() : pre.relu());
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    public Tensor weightIh() {
        return gates.weightIh();
    }

    public Tensor weightHh() {
        return gates.weightHh();
    }

    public Tensor biasIh() {
        return gates.biasIh();
    }

    public Tensor biasHh() {
        return gates.biasHh();
    }

    @Override
    public String toString() {
        return "RNNCell(" + inputSize() + ", " + hiddenSize() + ", " + nonlinearity.name().toLowerCase() + ")";
    }
}
