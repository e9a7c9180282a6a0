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
 * With {@link CellConfig#projSize} P &gt; 0 (torch.nn.LSTM's {@code proj_size}; LSTMP, Sak et al. 2014) the hidden
 * output is projected: h' = W_hr (o ⊙ tanh(c')), {@code weight_hr} [P, H] registered after bias_hh; h is [B, P],
 * c stays [B, H], weight_hh is [4H, P]. torch.nn.LSTMCell has no projection; this is one layer of torch.nn.LSTM's.
 */
public final class LSTMCell extends Cell implements Cell.Projectable {
    private final Gates gates;
    private final Tensor weightHr;

    public LSTMCell(CellConfig config) {
        super("LSTMCell", config, "h", "c");
        int proj = config.projSize();
        if (proj > 0) {
            stateSize("h", proj); // before gates: weight_hh is [4H, P]
        }
        gates = gates("i", "f", "g", "o");
        // torch registers weight_hr after bias_hh and draws it, like the others, from U(±1/sqrt(H))
        weightHr = proj > 0 ? parameter("weight_hr", config.weights(), proj, config.hiddenSize()) : null;
    }

    /** PyTorch's default init. */
    public LSTMCell(int inputSize, int hiddenSize, DType dtype, RandomGenerator rng) {
        this(CellConfig.of(inputSize, hiddenSize).dtype(dtype).rng(rng));
    }

    @Override
    protected State step(Tensor in, State state) {
        // the class comment's formulas as one fused primitive (same values as the ops written out)
        List<Tensor> hc = FusedOps.lstmPointwise(gates.plusHidden(in, state.h()), state.get(1));
        // hc.get(0) is o ⊙ tanh(c') [B, H]; with a projection, one more product: h' = (o ⊙ tanh c')·W_hrᵀ [B, P]
        Tensor h = weightHr == null ? hc.get(0) : hc.get(0).linear(weightHr, null);
        return State.of(h, hc.get(1));
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

    /** The projection weight_hr [P, H], or null without projection (projSize 0). */
    public Tensor weightHr() {
        return weightHr;
    }

    /** P, the width of h; 0 without projection. */
    public int projSize() {
        return weightHr == null ? 0 : outputSize();
    }
}
