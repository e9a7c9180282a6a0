package io.github.tapegrad.autograd;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An immutable list of dimension sizes (row-major). Rank 0 is a scalar.
 * Negative dimension indices count from the end, as in NumPy.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape("Shape.of", new int[0]);
    private final int[] dims;
    private final int numel;
    /** Row-major strides, computed once: every new dense tensor shares this array (it is never written). */
    private final int[] rowMajor;

    /**
     * Checks that the nonzero dimensions multiply to at most 2^31-1, not only the element count: every
     * stride and partial product ({@link #numel(int, int)}) is then an int too, empty shapes included.
     */
    private Shape(String op, int[] dims) {
        this.dims = dims;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + Arrays.toString(dims));
            }
        }
        long nonzero = 1; // stays below 2^62: both factors are at most 2^31-1
        boolean empty = false;
        for (int d : dims) {
            if (d == 0) {
                empty = true;
            } else if ((nonzero *= d) > Integer.MAX_VALUE) {
                throw tooLarge(op, dims);
            }
        }
        this.numel = empty ? 0 : (int) nonzero;
        this.rowMajor = rowMajor(dims);
    }

    private static IllegalArgumentException tooLarge(String op, int[] dims) {
        BigInteger n = BigInteger.ONE;
        for (int d : dims) {
            n = n.multiply(BigInteger.valueOf(d == 0 ? 1 : d));
        }
        boolean empty = Arrays.stream(dims).anyMatch(d -> d == 0);
        return new IllegalArgumentException(op + ": shape " + Arrays.toString(dims) + (empty
                ? " has nonzero dimensions multiplying to " + n + ", more than 2^31-1 (its strides overflow int)"
                : " has " + n + " elements, more than 2^31-1"));
    }

    /** A shape with the given dimensions (copied). */
    public static Shape of(int... dims) {
        return of("Shape.of", dims);
    }

    /** {@link #of(int...)}, naming {@code op} (e.g. the layer that asked for the shape) in its errors. */
    public static Shape of(String op, int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(op, dims.clone());
    }

    /** A shape over {@code dims}, a new array the caller hands over and never writes again (no defensive copy). */
    static Shape adopt(String op, int[] dims) {
        return dims.length == 0 ? SCALAR : new Shape(op, dims);
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}; negative counts from the end. */
    public int dim(int i) {
        return dims[axis(i)];
    }

    /** Number of elements (1 for a scalar). */
    public int numel() {
        return numel;
    }

    /** A copy of the dimensions. */
    public int[] toArray() {
        return dims.clone();
    }

    /** Normalises a possibly negative axis, or throws naming the shape. */
    public int axis(int i) {
        int a = i < 0 ? i + dims.length : i;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("dimension " + i + " out of range for shape " + this);
        }
        return a;
    }

    /** Row-major strides in elements (a copy). */
    /** The dimensions themselves, not a copy, for kernels that only read them: never write into it. */
    int[] dims() {
        return dims;
    }

    public int[] strides() {
        return rowMajor.clone();
    }

    /** The row-major strides themselves, shared: tensors keep them and never write them (no copy per tensor). */
    int[] rowMajorStrides() {
        return rowMajor;
    }

    private static int[] rowMajor(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Product of dims in [from, to). */
    public int numel(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** This shape with dimension {@code axis} replaced by {@code size}. */
    public Shape with(int axis, int size) {
        return with("Shape.with", axis, size);
    }

    /** {@link #with(int, int)} naming the op that grows a dimension (concat, indexSelect) in its errors. */
    Shape with(String op, int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(op, d);
    }

    /** This shape with dimension {@code axis} removed. */
    public Shape without(int axis) {
        int a = axis(axis);
        int[] d = new int[dims.length - 1];
        System.arraycopy(dims, 0, d, 0, a);
        System.arraycopy(dims, a + 1, d, a, dims.length - a - 1);
        return of(d);
    }

    /** This shape with a dimension of size {@code size} inserted at {@code axis} (0..rank). */
    public Shape inserted(int axis, int size) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        if (a < 0 || a > dims.length) {
            throw new IllegalArgumentException("dimension " + axis + " out of range for inserting into shape " + this);
        }
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, a);
        d[a] = size;
        System.arraycopy(dims, a, d, a + 1, dims.length - a);
        return new Shape("Shape.inserted", d);
    }

    /**
     * The NumPy broadcast of two shapes, or an error naming the op and both shapes:
     * dimensions are aligned from the right; each pair must be equal or contain a 1.
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + " got incompatible shapes for broadcasting: " + a + ", " + b);
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(op, out);
    }

    /** True when this shape broadcasts to {@code target} without changing {@code target}. */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formatted as {@code [2, 3]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
