package io.github.tapegrad.nn.reference;

/**
 * Sizes of a stacked recurrent network and its input: {@code steps} T, {@code batch} B,
 * {@code inputSize} I, {@code hiddenSize} H and the number of stacked {@code layers}.
 * Layer 0 reads the input (I features); every later layer reads the previous layer's outputs (H).
 */
public record RecurrentSpec(CellKind kind, int steps, int batch, int inputSize, int hiddenSize, int layers) {

    public RecurrentSpec {
        if (kind == null) {
            throw new IllegalArgumentException("RecurrentSpec: kind is null");
        }
        if (steps < 1 || batch < 1 || inputSize < 1 || hiddenSize < 1 || layers < 1) {
            throw new IllegalArgumentException("RecurrentSpec: " + kind + " T=" + steps + " B=" + batch + " I="
                    + inputSize + " H=" + hiddenSize + " layers=" + layers + ": every size must be >= 1");
        }
    }

    /** Input features of layer {@code layer}: I for layer 0, H above it. */
    public int layerInputSize(int layer) {
        checkLayer(layer);
        return layer == 0 ? inputSize : hiddenSize;
    }

    /** Rows of every weight matrix and length of every bias: G*H. */
    public int gateRows() {
        return kind.gateCount() * hiddenSize;
    }

    /** Length of x: T*B*I. */
    public int inputLength() {
        return steps * batch * inputSize;
    }

    /** Length of the last layer's outputs: T*B*H. */
    public int outputLength() {
        return steps * batch * hiddenSize;
    }

    /** Length of h0, c0 and the final states: layers*B*H. */
    public int stateLength() {
        return layers * batch * hiddenSize;
    }

    void checkLayer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("RecurrentSpec: layer " + layer + " out of range [0, " + layers + ")");
        }
    }

    @Override
    public String toString() {
        return kind + "[T=" + steps + ", B=" + batch + ", I=" + inputSize + ", H=" + hiddenSize + ", layers=" + layers + "]";
    }
}
