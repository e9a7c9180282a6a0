package io.github.tapegrad.nn.readme;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/** The README's "A new cell" example, verbatim: it must compile and pass the README's check. */
public final class Cifg extends Cell {
    private final Gates gates;
    private final Tensor pi, po;

    public Cifg(CellConfig config) {
        super("CIFG", config, "h", "c");                    // the state: h (the output), c
        gates = gates("i", "g", "o");                       // weight_ih [3H, I], weight_hh [3H, H], bias_ih, bias_hh
        pi = parameter("weight_ci", config.weights(), config.hiddenSize());
        po = parameter("weight_co", config.weights(), config.hiddenSize());
    }

    @Override protected State step(Tensor in, State s) {   // in: this step's W_ih x + b_ih + b_hh
        Tensor c = s.get(1);
        List<Tensor> z = gates.split(gates.plusHidden(in, s.h()));   // + W_hh h, one fused product
        Tensor i = z.get(0).add(c.mul(pi)).sigmoid();
        Tensor cNext = c.add(i.mul(z.get(1).tanh().sub(c)));        // (1 − i) ⊙ c + i ⊙ g
        Tensor o = z.get(2).add(cNext.mul(po)).sigmoid();
        return State.of(o.mul(cNext.tanh()), cNext);
    }
}
