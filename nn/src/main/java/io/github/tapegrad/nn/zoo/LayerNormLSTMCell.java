package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.fused.FusedOps;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.init.Init;

import java.util.List;

/**
 * Layer-normalized LSTM: Ba, Kiros and Hinton, "Layer Normalization", arXiv:1607.06450 (2016), section 3.1 and
 * the LSTM equations of its supplementary material. Gates stacked i, f, g, o; LN(z; α, β) normalizes z over
 * its features (mean 0, variance 1, ε = 1e-5) then scales by α and shifts by β (autograd's fused
 * {@code FusedOps.layerNorm}):
 * <pre>
 * [i, f, g, o] = LN(W_hh h; α_hh, β_hh) + LN(W_ih x; α_ih, β_ih) + b
 * c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)             h' = σ(o) ⊙ tanh(LN(c'; α_c, β_c))
 * </pre>
 * Parameters: weight_ih [4H, I], weight_hh [4H, H] (no biases of their own), bias [4H], and the gains α (init 1)
 * and shifts β (init 0): ln_ih_weight/ln_ih_bias, ln_hh_weight/ln_hh_bias [4H], ln_c_weight/ln_c_bias [H].
 */
public final class LayerNormLSTMCell extends Cell {
    /** The ε under the square root of every layer norm. */
    public static final double EPS = 1e-5;

    private final Gates in;
    private final Projection hh;
    private final Tensor bias;
    private final Tensor lnIhWeight;
    private final Tensor lnIhBias;
    private final Tensor lnHhWeight;
    private final Tensor lnHhBias;
    private final Tensor lnCWeight;
    private final Tensor lnCBias;

    public LayerNormLSTMCell(CellConfig config) {
        super("LayerNormLSTM", config, "h", "c");
        in = inputGates(false, "i", "f", "g", "o");
        hh = recurrent("hh", false, "i", "f", "g", "o");
        bias = gateParameter("bias", config.biases(), "i", "f", "g", "o");
        lnIhWeight = gateParameter("ln_ih_weight", Init.constant(1), "i", "f", "g", "o");
        lnIhBias = gateParameter("ln_ih_bias", Init.zeros(), "i", "f", "g", "o");
        lnHhWeight = gateParameter("ln_hh_weight", Init.constant(1), "i", "f", "g", "o");
        lnHhBias = gateParameter("ln_hh_bias", Init.zeros(), "i", "f", "g", "o");
        lnCWeight = parameter("ln_c_weight", Init.constant(1), config.hiddenSize());
        lnCBias = parameter("ln_c_bias", Init.zeros(), config.hiddenSize());
    }

    /** LN(W_ih x; α_ih, β_ih) + b does not depend on the state: once for the whole sequence. */
    @Override
    protected Tensor sequenceInput(Tensor projected) {
        return layerNorm(projected, lnIhWeight, lnIhBias).add(bias);
    }

    @Override
    protected State step(Tensor x, State state) {
        Tensor z = layerNorm(hh.of(state.h()), lnHhWeight, lnHhBias).add(x);
        List<Tensor> g = in.split(z);
        Tensor c = g.get(1).sigmoid().mul(state.get(1)).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
        return State.of(g.get(3).sigmoid().mul(layerNorm(c, lnCWeight, lnCBias).tanh()), c);
    }

    private static Tensor layerNorm(Tensor z, Tensor gain, Tensor shift) {
        return FusedOps.layerNorm(z, gain, shift, EPS);
    }
}
