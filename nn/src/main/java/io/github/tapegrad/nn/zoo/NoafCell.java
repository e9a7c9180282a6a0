package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * "NOAF", no output activation function: Greff, Srivastava, Koutník, Steunebrink and Schmidhuber, "LSTM: A Search Space Odyssey", IEEE TNNLS 28(10), 2017, section III. The baseline with h' = o ⊙ c' (no tanh on
 * the cell state); gates stacked i, f, g, o:
 * <pre>
 * i = σ(W_i x + R_i h + p_i ⊙ c + b_i)      f = σ(W_f x + R_f h + p_f ⊙ c + b_f)
 * g = tanh(W_g x + R_g h + b_g)             c' = f ⊙ c + i ⊙ g
 * o = σ(W_o x + R_o h + p_o ⊙ c' + b_o)     h' = o ⊙ c'
 * </pre>
 */
public final class NoafCell extends Cell {
    private final Gates gates;
    private final Tensor pi;
    private final Tensor pf;
    private final Tensor po;

    public NoafCell(CellConfig config) {
        super("NOAF", config, "h", "c");
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
        return State.of(o.mul(cNext), cNext);
    }
}
