package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * Vanilla LSTM with peepholes, the baseline "V" of Greff, Srivastava, Koutník, Steunebrink and Schmidhuber, "LSTM: A Search Space Odyssey", IEEE TNNLS 28(10), 2017, section II (Gers and Schmidhuber 2000 added the
 * peepholes). Gates stacked i, f, g, o as in torch's LSTM; peepholes {@code weight_ci}, {@code weight_cf},
 * {@code weight_co} [H]:
 * <pre>
 * i = σ(W_i x + R_i h + p_i ⊙ c + b_i)      f = σ(W_f x + R_f h + p_f ⊙ c + b_f)
 * g = tanh(W_g x + R_g h + b_g)             c' = f ⊙ c + i ⊙ g
 * o = σ(W_o x + R_o h + p_o ⊙ c' + b_o)     h' = o ⊙ tanh(c')
 * </pre>
 * (b = b_ih + b_hh.) With zero peepholes it is {@link io.github.tapegrad.nn.LSTMCell}.
 */
public final class PeepholeLSTMCell extends Cell {
    private final Gates gates;
    private final Tensor pi;
    private final Tensor pf;
    private final Tensor po;

    public PeepholeLSTMCell(CellConfig config) {
        super("PeepholeLSTMCell", config, "h", "c");
        gates = gates("i", "f", "g", "o");
        pi = parameter("weight_ci", config.weights(), config.hiddenSize());
        pf = parameter("weight_cf", config.weights(), config.hiddenSize());
        po = parameter("weight_co", config.weights(), config.hiddenSize());
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor c = state.get(1);
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor i = z.get(0).add(c.mul(pi)).sigmoid();
        Tensor f = z.get(1).add(c.mul(pf)).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(z.get(2).tanh()));
        Tensor o = z.get(3).add(cNext.mul(po)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext);
    }
}
