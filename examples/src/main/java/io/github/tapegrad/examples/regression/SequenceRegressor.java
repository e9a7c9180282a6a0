package io.github.tapegrad.examples.regression;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Recurrent;

import java.util.random.RandomGenerator;

/** One recurrent layer of any cell over scalar sequences [T, B, 1] with a linear head to one output. */
public final class SequenceRegressor extends Module {
    public static final DType DTYPE = DType.FLOAT32;

    private final CellChoice cell;
    private final Recurrent rnn;
    private final Linear head;

    public SequenceRegressor(CellChoice cell, int hidden, RandomGenerator rng) {
        this.cell = cell;
        // the draws nn's LSTM and RNN classes make, in the same order: the built-in cells fit as before
        this.rnn = registerModule("rnn", new Recurrent(cell.factory(), Recurrent.options(1, hidden).dtype(DTYPE)
                .rng(rng)));
        this.head = registerModule("head", new Linear(hidden, 1, true, DTYPE, rng));
    }

    /** The prediction after the last step: [T, B, 1] → [B, 1]. */
    public Tensor lastStep(Tensor inputs) {
        return head.forward(rnn.forward(inputs).finalState().h());
    }

    /** A prediction at every step: [T, B, 1] → [T, B, 1]. */
    public Tensor everyStep(Tensor inputs) {
        return head.forward(rnn.forward(inputs).outputs());
    }

    public CellChoice cell() {
        return cell;
    }

    /** The cell's short name, for output. */
    public String label() {
        return cell.label();
    }
}
