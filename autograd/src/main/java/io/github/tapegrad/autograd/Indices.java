package io.github.tapegrad.autograd;

import java.util.Arrays;

/** An immutable n-d array of int indices (class ids, token ids), for gather, indexSelect and oneHot. */
public final class Indices {
    private final int[] values;
    private final Shape shape;

    private Indices(int[] values, Shape shape) {
        if (values.length != shape.numel()) {
            throw new IllegalArgumentException("indices: " + values.length + " values do not fill shape " + shape);
        }
        this.values = values;
        this.shape = shape;
    }

    /** Indices with the given values (copied) and shape; no shape means 1-D. */
    public static Indices of(int[] values, int... shape) {
        return new Indices(values.clone(), shape.length == 0 ? Shape.of(values.length) : Shape.of(shape));
    }

    public Shape shape() {
        return shape;
    }

    public int numel() {
        return values.length;
    }

    public int get(int i) {
        return values[i];
    }

    /** A copy of the values. */
    public int[] toArray() {
        return values.clone();
    }

    int[] raw() {
        return values;
    }

    /** Throws naming the op when any index is outside [0, size). */
    void checkRange(String op, int size, Tensor x, int dim) {
        for (int v : values) {
            if (v < 0 || v >= size) {
                throw Errors.op(op, "index " + v + " out of range for dimension " + dim + " of size " + size, x);
            }
        }
    }

    @Override
    public String toString() {
        return "indices(" + (values.length <= 12 ? Arrays.toString(values) : "...") + ", shape=" + shape + ")";
    }
}
