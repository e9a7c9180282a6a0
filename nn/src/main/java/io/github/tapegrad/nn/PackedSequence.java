package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of sequences of different lengths with no padding, as torch.nn.utils.rnn.PackedSequence: the
 * sequences are ordered by decreasing length (stably: equal lengths keep their batch order), and
 * {@link #data()} holds step 0 of every sequence, then step 1 of every sequence still running, and so on:
 * [N, F] with N the sum of the lengths. {@link #batchSizes()}[t] is how many sequences are longer than t,
 * so step t is rows [offset(t), offset(t) + batchSizes[t]) and, within it, the first batchSizes[t]
 * sequences of the sorted order. A {@link Recurrent} runs step t on those rows only: no work is spent on
 * padding.
 *
 * <p>{@link #pack} builds one from a padded batch and its lengths ({@code pack_padded_sequence} with
 * {@code enforce_sorted=False}); {@link #pad} turns one back into a padded tensor ({@code pad_packed_sequence}).
 * Both are one gather, so gradients flow back to the padded input's valid positions only.
 *
 * <p>Unlike PyTorch, a length of 0 is allowed: such a sequence has no row, its outputs are all padding and a
 * recurrent layer's final state for it is its initial state.
 */
public final class PackedSequence {
    private final Tensor data;
    private final int[] lengths;
    private final int[] batchSizes;
    private final int[] sortedIndices;
    private final int[] sortedPosition;
    private final int[] offsets;

    private PackedSequence(Tensor data, int[] lengths) {
        this.data = data;
        this.lengths = lengths;
        int batch = lengths.length;
        Integer[] order = new Integer[batch];
        for (int b = 0; b < batch; b++) {
            order[b] = b;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a])); // stable: ties keep batch order
        this.sortedIndices = new int[batch];
        this.sortedPosition = new int[batch];
        for (int j = 0; j < batch; j++) {
            sortedIndices[j] = order[j];
            sortedPosition[order[j]] = j;
        }
        int steps = batch == 0 ? 0 : lengths[sortedIndices[0]];
        this.batchSizes = new int[steps];
        this.offsets = new int[steps + 1];
        int running = batch;
        for (int t = 0; t < steps; t++) {
            while (running > 0 && lengths[sortedIndices[running - 1]] <= t) {
                running--;
            }
            batchSizes[t] = running;
            offsets[t + 1] = offsets[t] + running;
        }
    }

    /**
     * Packs a padded batch: {@code padded} is [T, B, F] ([B, T, F] when {@code batchFirst}), and sequence b
     * is its first {@code lengths[b]} steps (0 ≤ lengths[b] ≤ T; any order). Positions past a length are
     * never read, so their values (and gradients: none) do not matter.
     */
    public static PackedSequence pack(Tensor padded, int[] lengths, boolean batchFirst) {
        Objects.requireNonNull(padded, "PackedSequence.pack: padded");
        Objects.requireNonNull(lengths, "PackedSequence.pack: lengths");
        if (padded.rank() != 3) {
            throw new IllegalArgumentException("PackedSequence.pack: padded must be " + (batchFirst ? "[B, T, F]"
                    : "[T, B, F]") + ", got " + padded.shape());
        }
        int steps = padded.dim(batchFirst ? 1 : 0);
        int batch = padded.dim(batchFirst ? 0 : 1);
        checkLengths("PackedSequence.pack", lengths, batch, steps, padded);
        PackedSequence layout = new PackedSequence(null, lengths.clone());
        int width = padded.dim(2);
        int[] rows = new int[layout.offsets[layout.batchSizes.length]];
        for (int t = 0; t < layout.batchSizes.length; t++) {
            for (int j = 0; j < layout.batchSizes[t]; j++) {
                int b = layout.sortedIndices[j];
                rows[layout.offsets[t] + j] = batchFirst ? b * steps + t : t * batch + b;
            }
        }
        Tensor flat = padded.reshape(steps * batch, width);
        return layout.withData(flat.indexSelect(0, Indices.of(rows, rows.length)));
    }

    static void checkLengths(String op, int[] lengths, int batch, int steps, Tensor input) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException(op + ": " + lengths.length + " lengths for a batch of " + batch
                    + " sequences (input " + input.shape() + ")");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException(op + ": length " + lengths[b] + " of sequence " + b
                        + " is outside [0, " + steps + "] (input " + input.shape() + ")");
            }
        }
    }

    /** The same layout with other rows, e.g. a layer's outputs: [N, F'] for any F'. */
    public PackedSequence withData(Tensor rows) {
        Objects.requireNonNull(rows, "PackedSequence.withData: rows");
        if (rows.rank() != 2 || rows.dim(0) != totalRows()) {
            throw new IllegalArgumentException("PackedSequence.withData: rows must be [" + totalRows()
                    + ", F] for lengths " + Arrays.toString(lengths) + ", got " + rows.shape());
        }
        return new PackedSequence(rows, lengths);
    }

    /**
     * The padded batch: [T, B, F] ([B, T, F] when {@code batchFirst}) with T = {@code totalLength}, each
     * sequence's rows at its first steps and {@code paddingValue} after (pad_packed_sequence). Gradients flow
     * to the packed rows only.
     *
     * @param totalLength at least the longest length
     */
    public Tensor pad(boolean batchFirst, double paddingValue, int totalLength) {
        int batch = lengths.length;
        int longest = batchSizes.length;
        if (totalLength < longest) {
            throw new IllegalArgumentException("PackedSequence.pad: totalLength " + totalLength
                    + " is shorter than the longest sequence (" + longest + ")");
        }
        int n = totalRows();
        int width = data.dim(1);
        int[] rows = new int[totalLength * batch];
        for (int t = 0; t < totalLength; t++) {
            for (int b = 0; b < batch; b++) {
                int at = batchFirst ? b * totalLength + t : t * batch + b;
                rows[at] = t < lengths[b] ? offsets[t] + sortedPosition[b] : n; // row n: the padding row
            }
        }
        Tensor padRow = Tensor.full(paddingValue, Shape.of(1, width), data.dtype());
        Tensor source = Tensor.concat(List.of(data, padRow), 0);
        Tensor flat = source.indexSelect(0, Indices.of(rows, rows.length));
        return batchFirst ? flat.reshape(batch, totalLength, width) : flat.reshape(totalLength, batch, width);
    }

    /** {@link #pad} to the longest length with zeros. */
    public Tensor pad(boolean batchFirst) {
        return pad(batchFirst, 0, batchSizes.length);
    }

    /** [N, F]: the steps one after the other, each holding the sequences still running, longest first. */
    public Tensor data() {
        return data;
    }

    /** The lengths in the original batch order. */
    public int[] lengths() {
        return lengths.clone();
    }

    /** How many sequences run at each step (non-increasing; its length is the longest length). */
    public int[] batchSizes() {
        return batchSizes.clone();
    }

    /** Sorted position j → the sequence's index in the original batch. */
    public int[] sortedIndices() {
        return sortedIndices.clone();
    }

    /** The number of sequences, including those of length 0. */
    public int batchSize() {
        return lengths.length;
    }

    /** The longest length: the number of steps. */
    public int steps() {
        return batchSizes.length;
    }

    int[] batchSizesView() {
        return batchSizes;
    }

    int[] sortedIndicesView() {
        return sortedIndices;
    }

    int[] sortedPositionView() {
        return sortedPosition;
    }

    /** N: the number of rows, the sum of the lengths. */
    public int totalRows() {
        return offsets[batchSizes.length];
    }

    /** Whether the sequences are already in sorted order (then no state needs reordering). */
    boolean sortedIsIdentity() {
        for (int j = 0; j < sortedIndices.length; j++) {
            if (sortedIndices[j] != j) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PackedSequence(" + (data == null ? "no data" : data.shape().toString()) + ", lengths="
                + Arrays.toString(lengths) + ")";
    }
}
