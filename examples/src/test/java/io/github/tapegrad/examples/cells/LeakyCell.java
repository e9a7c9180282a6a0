package io.github.tapegrad.examples.cells;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

/**
 * A user's cell outside nn and outside the examples' main code, named on the command line by its class name
 * ({@code --cell io.github.tapegrad.examples.cells.LeakyCell}): a leaky-integrator RNN,
 * h' = (1 − a) ⊙ h + a ⊙ tanh(W x + U h + b) with a = σ(leak), one leak per hidden unit.
 */
public final class LeakyCell extends Cell {
    private final Gates gates;
    private final Tensor leak;

    public LeakyCell(CellConfig config) {
        super("Leaky", config, "h");
        gates = gates("h");
        leak = parameter("leak", config.biases(), config.hiddenSize());
    }

    @Override
    protected State step(Tensor in, State state) {
        Tensor h = state.h();
        Tensor a = leak.sigmoid();
        return State.of(h.add(a.mul(gates.plusHidden(in, h).tanh().sub(h))));
    }
}
