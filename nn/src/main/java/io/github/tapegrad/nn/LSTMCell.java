package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Fused;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Long short-term memory, as torch.nn.LSTMCell. State (h, c); gates stacked i, f, g, o:
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)   f = σ(...)   g = tanh(...)   o = σ(...)
 * c' = f ⊙ c + i ⊙ g                      h' = o ⊙ tanh(c')
 * </pre>
 */
public final class LSTMCell extends StandardCell {

    /** PyTorch's default init: all four parameters uniform ±1/sqrt(H). */
    public LSTMCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(inputSize, hiddenSize, dtype, rng, Init.pytorchDefault(hiddenSize), Init.pytorchDefault(hiddenSize));
    }

    /** E.g. d2l's init: {@code Init.normal(0, 0.01)} weights, {@code Init.zeros()} biases. */
    public LSTMCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng, Init weightInit, Init biasInit) {
        super("LSTMCell", 4, inputSize, hiddenSize, dtype, rng, weightInit, biasInit);
    }

    @Override
    protected int stateSize() {
        return 2;
    }

    @Override
    public State step(Tensor x, Tensor precomputed, State state) {
        Tensor gatesX = inputGates(x, precomputed, state);
        Tensor h = state.h();
        Tensor c = state.get(1);
        // x·W_ihᵀ + b_ih + b_hh + h·W_hhᵀ, the GEMM accumulating onto the input gates
        Tensor gates = h.linear(weightHh, gatesX);
        // the class comment's formulas as one fused primitive (same values as the ops written out, which
        // is how a custom cell would write them; less memory and time, measured in README "Performance")
        List<Tensor> hc = Fused.lstmPointwise(gates, c);
        return State.of(hc.get(0), hc.get(1));
    }

    @Override
    protected Tensor inputBias() {
        return biasIh.add(biasHh);
    }

    /** Sets the forget-gate block of bias_ih and bias_hh to {@code value} (see {@link Init#lstmForgetGateBias}). */
    public void forgetGateBias(double value) {
        Init.lstmForgetGateBias(biasIh, value);
        Init.lstmForgetGateBias(biasHh, value);
    }
}
