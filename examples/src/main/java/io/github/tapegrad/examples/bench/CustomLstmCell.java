package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;

/**
 * An LSTM cell as a user would write it outside nn, in the {@link Cell} contract with its equations op by op
 * (no fused pointwise primitive), run by nn's {@link io.github.tapegrad.nn.Recurrent}. Its cost against the
 * built-in LSTM shows what writing a cell yourself costs. The benchmark loads its shared weights.
 */
final class CustomLstmCell extends Cell {
    private final Gates gates;

    CustomLstmCell(CellConfig config) {
        super("CustomLstmCell", config, "h", "c");
        gates = gates("i", "f", "g", "o");
    }

    @Override
    protected State step(Tensor in, State state) {
        List<Tensor> z = gates.split(gates.plusHidden(in, state.h()));
        Tensor inputGate = z.get(0).sigmoid();
        Tensor forgetGate = z.get(1).sigmoid();
        Tensor candidate = z.get(2).tanh();
        Tensor outputGate = z.get(3).sigmoid();
        Tensor cell = forgetGate.mul(state.get(1)).add(inputGate.mul(candidate));
        return State.of(outputGate.mul(cell.tanh()), cell);
    }
}
