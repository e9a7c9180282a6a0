package io.github.tapegrad.autograd.kernels;

/**
 * Walks the rows (last dimension) of a broadcast result, tracking each operand's offset through its
 * broadcast strides (0 along a dimension the operand repeats).
 */
public final class Broadcast {
    private final int[] outDims;
    private final int[][] strides;
    private final int[] index;
    /** Current offset of each operand at the start of the current row. */
    public final int[] offsets;

    public Broadcast(int[] outDims, int[]... strides) {
        this.outDims = outDims;
        this.strides = strides;
        this.index = new int[Math.max(0, outDims.length - 1)];
        this.offsets = new int[strides.length];
    }

    /** Strides of an input of {@code inDims} read as {@code outDims} (right-aligned, 0 where repeated). */
    public static int[] strides(int[] inDims, int[] outDims) {
        int[] s = new int[outDims.length];
        int off = outDims.length - inDims.length;
        int acc = 1;
        for (int i = inDims.length - 1; i >= 0; i--) {
            s[i + off] = inDims[i] == 1 && outDims[i + off] != 1 ? 0 : acc;
            acc *= inDims[i];
        }
        return s;
    }

    /**
     * Strides of a strided view ({@code inDims} with {@code inStrides}) read as {@code outDims}: its own
     * strides, right-aligned, and 0 where it repeats.
     */
    public static int[] strides(int[] inDims, int[] inStrides, int[] outDims) {
        int[] s = new int[outDims.length];
        int off = outDims.length - inDims.length;
        for (int i = inDims.length - 1; i >= 0; i--) {
            s[i + off] = inDims[i] == 1 && outDims[i + off] != 1 ? 0 : inStrides[i];
        }
        return s;
    }

    /** Whether {@code strides} are the row-major strides of {@code dims} (any stride where a size is 1). */
    public static boolean rowMajor(int[] strides, int[] dims) {
        int expected = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= dims[i];
        }
        return true;
    }

    /** Number of elements in a row (the last output dimension; 1 for a scalar result). */
    public int rowLength() {
        return outDims.length == 0 ? 1 : outDims[outDims.length - 1];
    }

    /** Stride of operand {@code k} along the row. */
    public int rowStride(int k) {
        return outDims.length == 0 ? 0 : strides[k][outDims.length - 1];
    }

    /** Moves to the next row. */
    public void next() {
        for (int d = index.length - 1; d >= 0; d--) {
            index[d]++;
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] += strides[k][d];
            }
            if (index[d] < outDims[d]) {
                return;
            }
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] -= strides[k][d] * outDims[d];
            }
            index[d] = 0;
        }
    }
}
