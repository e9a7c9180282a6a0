package io.github.tapegrad.examples.cells;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.init.Init;

/**
 * A cell with a parameter whose size is H² as one flat vector: it does not grow as a·I + b·H + c, so the up-front
 * size check cannot describe it, and says so rather than guess.
 */
public final class SquareWeightCell extends Cell {
    private final Tensor flat;

    public SquareWeightCell(CellConfig config) {
        super("SquareWeight", config, "h");
        flat = parameter("flat", Init.zeros(), config.hiddenSize() * config.hiddenSize());
    }

    @Override
    protected State step(Tensor in, State state) {
        int h = hiddenSize();
        return State.of(state.h().matmul(flat.reshape(h, h)).tanh());
    }
}
