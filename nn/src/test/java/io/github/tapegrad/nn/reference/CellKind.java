package io.github.tapegrad.nn.reference;

/** The recurrent cell types the reference implements, with PyTorch's number of gate blocks. */
public enum CellKind {
    /** {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}. */
    RNN_TANH(1),
    /** {@code h' = relu(x W_ih^T + b_ih + h W_hh^T + b_hh)}. */
    RNN_RELU(1),
    /** Gate blocks in order i, f, g, o; carries a cell state {@code c}. */
    LSTM(4),
    /** Gate blocks in order r, z, n (PyTorch's GRU: r multiplies {@code W_hn h + b_hn}). */
    GRU(3);

    private final int gateCount;

    CellKind(int gateCount) {
        this.gateCount = gateCount;
    }

    /** Number of stacked gate blocks G in {@code weight_ih [G*H, I]}. */
    public int gateCount() {
        return gateCount;
    }

    /** Whether the cell has a cell state c besides h (only LSTM). */
    public boolean hasCellState() {
        return this == LSTM;
    }

    ReferenceCell cell() {
        return switch (this) {
            case RNN_TANH -> ReferenceRnn.TANH;
            case RNN_RELU -> ReferenceRnn.RELU;
            case LSTM -> ReferenceLstm.INSTANCE;
            case GRU -> ReferenceGru.INSTANCE;
        };
    }
}
