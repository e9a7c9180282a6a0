package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.fused.FusedOps;
import io.github.tapegrad.nn.init.Init;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Long short-term memory, as torch.nn.LSTMCell (Hochreiter &amp; Schmidhuber 1997, with the forget gate of
 * Gers et al. 2000). State (h, c); gates stacked i, f, g, o:
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)   f = σ(...)   g = tanh(...)   o = σ(...)
 * c' = f ⊙ c + i ⊙ g                      h' = o ⊙ tanh(c')
 * </pre>
 */
public final class LSTMCell extends Cell {
    private final Gates gates;

    public LSTMCell(CellConfig config) {
        super("LSTMCell", config, "h", "c");
        gates = gates("i", "f", "g", "o");
    }

    /** PyTorch's default init. */
    public LSTMCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(CellConfig.of(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }

    @Override
    protected State step(Tensor in, State state) {
        // the class comment's formulas as one fused primitive (same values as the ops written out)
        List<Tensor> hc = FusedOps.lstmPointwise(gates.plusHidden(in, state.h()), state.get(1));
        return State.of(hc.get(0), hc.get(1));
    }

    /** Sets the forget-gate block of bias_ih and bias_hh to {@code value} (see {@link Init#lstmForgetGateBias}). */
    public void forgetGateBias(double value) {
        Init.lstmForgetGateBias(gates.biasIh(), value);
        Init.lstmForgetGateBias(gates.biasHh(), value);
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
}
