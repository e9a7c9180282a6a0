package io.github.tapegrad.examples.cells;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

/** A cell --cell cannot make: its constructor is not public. */
public final class NoPublicConstructorCell extends Cell {
    NoPublicConstructorCell(CellConfig config) {
        super("NoPublicConstructor", config, "h");
    }

    @Override
    protected State step(Tensor in, State state) {
        return state;
    }
}
