package io.github.tapegrad.examples.regression;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.RNN;
import io.github.tapegrad.nn.Recurrent;

import java.util.random.RandomGenerator;

/** A one-layer RNN or LSTM over scalar sequences [T, B, 1] with a linear head to one output. */
public final class SequenceRegressor extends Module {
    public static final DType DTYPE = DType.FLOAT32;

    /** Which recurrent layer. */
    public enum Kind { RNN, LSTM }

    private final Kind kind;
    private final Recurrent rnn;
    private final Linear head;

    public SequenceRegressor(Kind kind, int hidden, RandomGenerator rng) {
        this.kind = kind;
        this.rnn = registerModule("rnn", kind == Kind.LSTM ? new LSTM(1, hidden, DTYPE, rng) : new RNN(1, hidden, DTYPE, rng));
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

    public Kind kind() {
        return kind;
    }

    /** Lower-case name for output. */
    public String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
