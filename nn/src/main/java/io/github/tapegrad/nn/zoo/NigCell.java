package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * "NIG", no input gate: Greff, Srivastava, Koutník, Steunebrink and Schmidhuber, "LSTM: A Search Space Odyssey", IEEE TNNLS 28(10), 2017, section III. The baseline with i = 1; gates stacked f, g, o:
 * <pre>
 * f = σ(W_f x + R_f h + p_f ⊙ c + b_f)      g = tanh(W_g x + R_g h + b_g)
 * c' = f ⊙ c + g                            o = σ(W_o x + R_o h + p_o ⊙ c' + b_o)      h' = o ⊙ tanh(c')
 * </pre>
 */
public final class NigCell extends Cell {
    private final Gates gates;
    private final Tensor pf;
    private final Tensor po;

    public NigCell(CellConfig config) {
        super("NIG", config, "h", "c");
        gates = gates("f", "g", "o");
        pf = parameter("weight_cf", config.weights(), config.hiddenSize());
        po = parameter("weight_co", config.weights(), config.hiddenSize());
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor c = state.get(1);
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor f = z.get(0).add(c.mul(pf)).sigmoid();
        Tensor cNext = f.mul(c).add(z.get(1).tanh());
        Tensor o = z.get(2).add(cNext.mul(po)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext);
    }
}
