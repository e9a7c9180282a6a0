package io.github.tapegrad.nn.reference;

/**
 * Deliberately wrong hand formulas the reference backward can be asked to apply, as negative
 * controls: a gradient check that cannot tell one of these from the truth proves nothing.
 * Each changes the result for generic inputs.
 */
public enum Mistake {
    /** The correct derivation. */
    NONE(null),
    /**
     * RNN tanh: differentiates tanh at the output, {@code 1 - a^2} with the pre-activation a, where
     * {@code 1 - tanh(a)^2 = 1 - h'^2} belongs. Changes every gradient.
     */
    RNN_TANH_DERIVATIVE_OF_PREACTIVATION(CellKind.RNN_TANH),
    /**
     * LSTM: the classic NumPy bug, uses {@code dc} in place of the candidate's pre-activation gradient
     * {@code dc * i * (1 - g^2)} in the g block of dW_ih, dW_hh, db_ih, db_hh. The gradients sent to x
     * and h stay right, so only the g-block rows of the weights and biases change.
     */
    LSTM_DC_FOR_CANDIDATE(CellKind.LSTM),
    /**
     * LSTM: drops the output gate's term {@code da_o W_hh,o} from dh_prev. Changes h0's gradient and,
     * through time, everything before the last step.
     */
    LSTM_NO_OUTPUT_GATE_IN_DH_PREV(CellKind.LSTM),
    /** LSTM: uses {@code 1 - c'^2} where {@code 1 - tanh(c')^2} belongs in {@code dc += dh * o * (...)}. */
    LSTM_ONE_MINUS_C_SQUARED(CellKind.LSTM),
    /**
     * GRU: forgets that r multiplies {@code W_hn h + b_hn} inside n, so the n block's hidden-side
     * pre-activation gradient is taken as {@code da_n} instead of {@code da_n * r}. Changes the n-block
     * rows of dW_hh and db_hh and, through dh_prev, h0 and everything before the last step.
     */
    GRU_NO_RESET_IN_HIDDEN_CANDIDATE(CellKind.GRU);

    private final CellKind kind;

    Mistake(CellKind kind) {
        this.kind = kind;
    }

    /** The cell kind this mistake belongs to; null for {@link #NONE}, which fits every kind. */
    public CellKind kind() {
        return kind;
    }

    /** Whether asking a {@code cellKind} backward for this mistake makes sense. */
    public boolean appliesTo(CellKind cellKind) {
        return kind == null || kind == cellKind;
    }
}
