package io.github.tapegrad.nn.zoo;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * "CIFG", coupled input and forget gate: Greff, Srivastava, Koutník, Steunebrink and Schmidhuber, "LSTM: A Search Space Odyssey", IEEE TNNLS 28(10), 2017, section III (the GRU's coupling, Cho et al. 2014). The
 * baseline with f = 1 − i; gates stacked i, g, o:
 * <pre>
 * i = σ(W_i x + R_i h + p_i ⊙ c + b_i)      g = tanh(W_g x + R_g h + b_g)
 * c' = (1 − i) ⊙ c + i ⊙ g                  o = σ(W_o x + R_o h + p_o ⊙ c' + b_o)      h' = o ⊙ tanh(c')
 * </pre>
 * Since 1 − σ(z) = σ(−z), it equals the baseline whose forget-gate weights, biases and peephole are minus
 * the input gate's.
 */
public final class CifgCell extends Cell {
    private final Gates gates;
    private final Tensor pi;
    private final Tensor po;

    public CifgCell(CellConfig config) {
        super("CIFG", config, "h", "c");
        gates = gates("i", "g", "o");
        pi = parameter("weight_ci", config.weights(), config.hiddenSize());
        po = parameter("weight_co", config.weights(), config.hiddenSize());
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor c = state.get(1);
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor i = z.get(0).add(c.mul(pi)).sigmoid();
        Tensor cNext = c.add(i.mul(z.get(1).tanh().sub(c)));      // (1 − i) ⊙ c + i ⊙ g
        Tensor o = z.get(2).add(cNext.mul(po)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext);
    }
}
