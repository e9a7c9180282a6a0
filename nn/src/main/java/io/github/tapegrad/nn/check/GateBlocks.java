package io.github.tapegrad.nn.check;

import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.LSTMCell;

import java.util.List;

/**
 * How packed gate weights are laid out, for attributing a gradient mismatch to a gate: a tensor whose
 * first dimension is {@code names.size() * hiddenSize} holds one block of {@code hiddenSize} rows per gate,
 * in order (PyTorch's LSTM: i, f, g, o; GRU: r, z, n). With fewer than two names nothing is attributed.
 */
public record GateBlocks(int hiddenSize, List<String> names) {

    public GateBlocks {
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("GateBlocks: hiddenSize " + hiddenSize + " must be >= 1");
        }
        names = List.copyOf(names);
    }

    public static GateBlocks of(int hiddenSize, String... names) {
        return new GateBlocks(hiddenSize, List.of(names));
    }

    /** No gate attribution. */
    public static GateBlocks none(int hiddenSize) {
        return new GateBlocks(hiddenSize, List.of());
    }

    /** The layout of a built-in cell (LSTMCell: i, f, g, o; GRUCell: r, z, n), else none. */
    public static GateBlocks known(Cell cell) {
        if (cell instanceof LSTMCell) {
            return of(cell.hiddenSize(), "i", "f", "g", "o");
        }
        if (cell instanceof GRUCell) {
            return of(cell.hiddenSize(), "r", "z", "n");
        }
        return none(cell.hiddenSize());
    }

    /** Whether a tensor with this first dimension is packed by gate. */
    public boolean packs(int firstDimension) {
        return names.size() > 1 && firstDimension == (long) names.size() * hiddenSize;
    }

    /** The gate of flat entry {@code index} of a packed tensor with {@code firstDimension} rows and {@code numel} entries. */
    public String gateOf(int index, int firstDimension, int numel) {
        int row = index / (numel / firstDimension);
        return names.get(row / hiddenSize);
    }
}
