package io.github.tapegrad.examples.cells;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

/** A cell whose constructor refuses every size: a user's bug, reported in one line rather than as a trace. */
public final class ThrowingCell extends Cell {
    public ThrowingCell(CellConfig config) {
        super("Throwing", config, "h");
        throw new IllegalArgumentException("Throwing: hidden size " + config.hiddenSize() + " is not prime");
    }

    @Override
    protected State step(Tensor in, State state) {
        return state;
    }
}
