package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * "FGR", full gate recurrence: Greff, Srivastava, Koutník, Steunebrink and Schmidhuber, "LSTM: A Search Space Odyssey", IEEE TNNLS 28(10), 2017, section III (the original LSTM of Hochreiter and Schmidhuber 1997 had
 * it). The baseline where each gate also reads the three gates' previous activations through R_gg [3H, 3H]
 * ({@code weight_gg}, rows and columns stacked i, f, o); the state carries them, zero at the start:
 * <pre>
 * [i, f, o]-pre-activations += R_gg [i_prev, f_prev, o_prev]
 * i = σ(W_i x + R_i h + p_i ⊙ c + b_i + …)  f = σ(W_f x + R_f h + p_f ⊙ c + b_f + …)   g = tanh(W_g x + R_g h + b_g)
 * c' = f ⊙ c + i ⊙ g                        o = σ(W_o x + R_o h + p_o ⊙ c' + b_o + …)  h' = o ⊙ tanh(c')
 * </pre>
 */
public final class FgrCell extends Cell {
    private final Gates gates;
    private final Tensor pi;
    private final Tensor pf;
    private final Tensor po;
    private final Tensor rGates;

    public FgrCell(CellConfig config) {
        super("FGR", config, "h", "c", "i", "f", "o");
        int h = config.hiddenSize();
        gates = gates("i", "f", "g", "o");
        pi = parameter("weight_ci", config.weights(), h);
        pf = parameter("weight_cf", config.weights(), h);
        po = parameter("weight_co", config.weights(), h);
        rGates = parameter("weight_gg", config.weights(), 3 * h, 3 * h);
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor c = state.get(1);
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor previous = Tensor.concat(List.of(state.get(2), state.get(3), state.get(4)), 1);
        List<Tensor> r = previous.matmulT(rGates).chunk(3, 1);
        Tensor i = z.get(0).add(r.get(0)).add(c.mul(pi)).sigmoid();
        Tensor f = z.get(1).add(r.get(1)).add(c.mul(pf)).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(z.get(2).tanh()));
        Tensor o = z.get(3).add(r.get(2)).add(cNext.mul(po)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext, i, f, o);
    }
}
