package io.github.tapegrad.nn.reference;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sizes of a stacked recurrent network and its input: {@code steps} T, {@code batch} B,
 * {@code inputSize} I, {@code hiddenSize} H, the number of stacked {@code layers}, whether each layer is
 * {@code bidirectional}, and optionally each sequence's length.
 *
 * <p>Unidirectional: layer 0 reads the input (I features), every later layer the previous layer's
 * outputs (H). Bidirectional (PyTorch's {@code bidirectional=True}): each layer has a forward and a reverse
 * direction (D = 2), its outputs are the two directions' outputs concatenated, forward first ({@code [T, B, 2H]}),
 * and every later layer reads those 2H features; states are ordered layer·D + direction.
 *
 * <p>{@code lengths} null: every sequence runs all T steps. Otherwise B lengths in {@code [0, T]}, any order
 * (PyTorch's {@code pack_padded_sequence(..., enforce_sorted=False)}, but 0 allowed): sequence b is its first
 * {@code lengths[b]} steps; its outputs after them are 0, its final state is the state after its last valid
 * step (the reverse direction starts at t = len - 1 and ends at t = 0), and a length of 0 leaves the final
 * state equal to the initial one. The lengths are copied in and out.
 */
public record RecurrentSpec(CellKind kind, int steps, int batch, int inputSize, int hiddenSize, int layers,
        boolean bidirectional, int[] lengths) {

    public RecurrentSpec {
        if (kind == null) {
            throw new IllegalArgumentException("RecurrentSpec: kind is null");
        }
        if (steps < 1 || batch < 1 || inputSize < 1 || hiddenSize < 1 || layers < 1) {
            throw new IllegalArgumentException("RecurrentSpec: " + kind + " T=" + steps + " B=" + batch + " I="
                    + inputSize + " H=" + hiddenSize + " layers=" + layers + ": every size must be >= 1");
        }
        if (lengths != null) {
            lengths = lengths.clone();
            if (lengths.length != batch) {
                throw new IllegalArgumentException("RecurrentSpec: " + kind + " B=" + batch + " needs " + batch
                        + " lengths, got " + Arrays.toString(lengths));
            }
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 0 || lengths[b] > steps) {
                    throw new IllegalArgumentException("RecurrentSpec: length " + lengths[b] + " of sequence " + b
                            + " is outside [0, " + steps + "] (T=" + steps + ")");
                }
            }
        }
    }

    /** A unidirectional network on sequences of full length T. */
    public RecurrentSpec(CellKind kind, int steps, int batch, int inputSize, int hiddenSize, int layers) {
        this(kind, steps, batch, inputSize, hiddenSize, layers, false, null);
    }

    /** The same sizes, bidirectional or not. */
    public RecurrentSpec withBidirectional(boolean on) {
        return new RecurrentSpec(kind, steps, batch, inputSize, hiddenSize, layers, on, lengths);
    }

    /** The same sizes with these per-sequence lengths (null: all T). */
    public RecurrentSpec withLengths(int[] newLengths) {
        return new RecurrentSpec(kind, steps, batch, inputSize, hiddenSize, layers, bidirectional, newLengths);
    }

    /** The lengths as given, or null when every sequence runs all T steps. */
    @Override
    public int[] lengths() {
        return lengths == null ? null : lengths.clone();
    }

    /** Whether per-sequence lengths were given (even if all equal T). */
    public boolean hasLengths() {
        return lengths != null;
    }

    /** The number of valid steps of sequence {@code b}: its length, or T. */
    public int length(int b) {
        if (b < 0 || b >= batch) {
            throw new IllegalArgumentException("RecurrentSpec: sequence " + b + " out of range [0, " + batch + ")");
        }
        return lengths == null ? steps : lengths[b];
    }

    /** D: 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Width of every layer's outputs: D*H. */
    public int outputSize() {
        return directions() * hiddenSize;
    }

    /** Input features of layer {@code layer}: I for layer 0, D*H above it. */
    public int layerInputSize(int layer) {
        checkLayer(layer);
        return layer == 0 ? inputSize : outputSize();
    }

    /** Rows of every weight matrix and length of every bias: G*H. */
    public int gateRows() {
        return kind.gateCount() * hiddenSize;
    }

    /** Number of cells, one per layer and direction: layers*D. */
    public int cellCount() {
        return layers * directions();
    }

    /** Length of x: T*B*I. */
    public int inputLength() {
        return steps * batch * inputSize;
    }

    /** Length of the last layer's outputs: T*B*D*H. */
    public int outputLength() {
        return steps * batch * outputSize();
    }

    /** Length of h0, c0 and the final states: layers*D*B*H, cell layer·D + direction first. */
    public int stateLength() {
        return cellCount() * batch * hiddenSize;
    }

    void checkLayer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("RecurrentSpec: layer " + layer + " out of range [0, " + layers + ")");
        }
    }

    void checkDirection(int direction) {
        if (direction < 0 || direction >= directions()) {
            throw new IllegalArgumentException("RecurrentSpec: direction " + direction + " out of range [0, "
                    + directions() + ") for " + this);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecurrentSpec s && kind == s.kind && steps == s.steps && batch == s.batch
                && inputSize == s.inputSize && hiddenSize == s.hiddenSize && layers == s.layers
                && bidirectional == s.bidirectional && Arrays.equals(lengths, s.lengths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, steps, batch, inputSize, hiddenSize, layers, bidirectional) * 31
                + Arrays.hashCode(lengths);
    }

    /** {@code LSTM[T=3, B=2, I=4, H=5, layers=2]}, with {@code , bidirectional} and {@code , lengths=[..]} when set. */
    @Override
    public String toString() {
        return kind + "[T=" + steps + ", B=" + batch + ", I=" + inputSize + ", H=" + hiddenSize + ", layers=" + layers
                + (bidirectional ? ", bidirectional" : "") + (lengths != null ? ", lengths=" + Arrays.toString(lengths) : "")
                + "]";
    }
}
