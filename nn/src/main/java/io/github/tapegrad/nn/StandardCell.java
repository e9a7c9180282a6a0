package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Fused;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The parameters PyTorch's RNNCell, LSTMCell and GRUCell share, with torch's names and layouts:
 * {@code weight_ih} [G·H, I], {@code weight_hh} [G·H, H], {@code bias_ih} [G·H], {@code bias_hh} [G·H],
 * G gates stacked in the first dimension. Also the input-side precompute x·W_ihᵀ + b_ih for a whole
 * sequence in one GEMM. Subclasses write only {@code step}.
 */
public abstract class StandardCell extends Module implements Cell {
    private final String kind;
    private final int gates;
    private final int inputSize;
    private final int hiddenSize;
    protected final Tensor weightIh;
    protected final Tensor weightHh;
    protected final Tensor biasIh;
    protected final Tensor biasHh;

    protected StandardCell(String kind, int gates, int inputSize, int hiddenSize, DType dtype, RandomGenerator rng,
                           Init weightInit, Init biasInit) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(kind + ": sizes must be positive, got inputSize=" + inputSize
                    + ", hiddenSize=" + hiddenSize);
        }
        this.kind = kind;
        this.gates = gates;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        if ((long) gates * hiddenSize > Integer.MAX_VALUE) { // it would wrap to a negative dimension
            throw new IllegalArgumentException(kind + ": " + gates + " * hiddenSize = " + gates + " * " + hiddenSize
                    + " overflows int");
        }
        int rows = gates * hiddenSize;
        // torch's registration (and init) order; the shapes name the cell if they hold too many elements
        weightIh = registerParameter("weight_ih", weightInit.sample(Shape.of(kind + " weight_ih", rows, inputSize),
                dtype, rng));
        weightHh = registerParameter("weight_hh", weightInit.sample(Shape.of(kind + " weight_hh", rows, hiddenSize),
                dtype, rng));
        biasIh = registerParameter("bias_ih", biasInit.sample(dtype, rng, rows));
        biasHh = registerParameter("bias_hh", biasInit.sample(dtype, rng, rows));
    }

    @Override
    public final int inputSize() {
        return inputSize;
    }

    @Override
    public final int hiddenSize() {
        return hiddenSize;
    }

    /** Number of state tensors: 1, or 2 for LSTM's (h, c). */
    protected int stateSize() {
        return 1;
    }

    @Override
    public State initialState(int batch, DType dtype) {
        List<Tensor> zeros = new ArrayList<>();
        for (int i = 0; i < stateSize(); i++) {
            zeros.add(Tensor.zeros(dtype, batch, hiddenSize));
        }
        return new State(zeros);
    }

    /** x·W_ihᵀ + b_ih for every step: [T, B, I] → [T, B, G·H]. */
    @Override
    public final Tensor precompute(Tensor inputs) {
        Cell.checkSequence(this, inputs);
        int t = inputs.dim(0);
        int b = inputs.dim(1);
        return inputs.reshape(t * b, inputSize).linear(weightIh, inputBias()).reshape(t, b, gates * hiddenSize);
    }

    /**
     * The same projection straight into T step tensors [B, G·H] (no [T, B, G·H] tensor in between).
     * {@link #precompute} is final so the two cannot disagree; change the input side through
     * {@link #inputBias()}.
     */
    @Override
    public List<Tensor> precomputeSteps(Tensor inputs) {
        Cell.checkSequence(this, inputs);
        int t = inputs.dim(0);
        int b = inputs.dim(1);
        return Fused.linearSplit(inputs.reshape(t * b, inputSize), weightIh, inputBias(), t);
    }

    /**
     * The bias added on the input side: b_ih here. Cells whose equations add b_ih and b_hh together
     * (LSTM, RNN) return their sum, so the per-step product h·W_hhᵀ can start from the input gates
     * and each step does one fused matmul-add instead of three ops.
     */
    protected Tensor inputBias() {
        return biasIh;
    }

    @Override
    public final State step(Tensor x, State state) {
        return step(x, null, state);
    }

    /** Checks x and the state, then returns this step's input gates x·W_ihᵀ + {@link #inputBias()} [B, G·H]. */
    protected final Tensor inputGates(Tensor x, Tensor precomputed, State state) {
        Cell.checkInput(this, x);
        Cell.checkState(this, state, stateSize(), x.dim(0));
        if (precomputed == null) {
            return x.linear(weightIh, inputBias());
        }
        if (precomputed.rank() != 2 || precomputed.dim(0) != x.dim(0) || precomputed.dim(1) != gates * hiddenSize) {
            throw new IllegalArgumentException(this + ".step: precomputed gates must be [" + x.dim(0) + ", "
                    + gates * hiddenSize + "], got " + precomputed.shape());
        }
        return precomputed;
    }

    /** h·W_hhᵀ + b_hh [B, G·H]. */
    protected final Tensor hiddenGates(Tensor h) {
        return h.linear(weightHh, biasHh);
    }

    public final Tensor weightIh() {
        return weightIh;
    }

    public final Tensor weightHh() {
        return weightHh;
    }

    public final Tensor biasIh() {
        return biasIh;
    }

    public final Tensor biasHh() {
        return biasHh;
    }

    @Override
    public String toString() {
        return kind + "(" + inputSize + ", " + hiddenSize + ")";
    }
}
