package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * "NOG", no output gate: Greff, Srivastava, Koutník, Steunebrink and Schmidhuber, "LSTM: A Search Space Odyssey", IEEE TNNLS 28(10), 2017, section III. The baseline with o = 1; gates stacked i, f, g:
 * <pre>
 * i = σ(W_i x + R_i h + p_i ⊙ c + b_i)      f = σ(W_f x + R_f h + p_f ⊙ c + b_f)
 * g = tanh(W_g x + R_g h + b_g)             c' = f ⊙ c + i ⊙ g      h' = tanh(c')
 * </pre>
 */
public final class NogCell extends Cell {
    private final Gates gates;
    private final Tensor pi;
    private final Tensor pf;

    public NogCell(CellConfig config) {
        super("NOG", config, "h", "c");
        gates = gates("i", "f", "g");
        pi = parameter("weight_ci", config.weights(), config.hiddenSize());
        pf = parameter("weight_cf", config.weights(), config.hiddenSize());
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor c = state.get(1);
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor i = z.get(0).add(c.mul(pi)).sigmoid();
        Tensor f = z.get(1).add(c.mul(pf)).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(z.get(2).tanh()));
        return State.of(cNext.tanh(), cNext);
    }
}
