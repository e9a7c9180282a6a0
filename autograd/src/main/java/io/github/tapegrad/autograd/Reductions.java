package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.BinaryOp;

import java.util.Arrays;

/** sum, max and expand (broadcast) with their rules; sum and expand are each other's adjoint. */
final class Reductions {
    private Reductions() {
    }

    /** Sorted, distinct, non-negative axes; empty means all. */
    static int[] axes(String op, Tensor x, int[] dims) {
        if (dims.length == 0) {
            int[] all = new int[x.rank()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] a = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i] < 0 ? dims[i] + x.rank() : dims[i];
            if (d < 0 || d >= x.rank()) {
                throw Errors.op(op, "dimension " + dims[i] + " out of range for rank " + x.rank(), x);
            }
            a[i] = d;
        }
        Arrays.sort(a);
        for (int i = 1; i < a.length; i++) {
            if (a[i] == a[i - 1]) {
                throw Errors.op(op, "dimension " + a[i] + " repeated in " + Arrays.toString(dims), x);
            }
        }
        return a;
    }

    /** x's shape with the reduced axes set to 1. */
    static Shape kept(Shape s, int[] axes) {
        int[] d = s.toArray();
        for (int a : axes) d[a] = 1;
        return Shape.of(d);
    }

    static Shape dropped(Shape s, int[] axes) {
        int[] d = s.toArray();
        int[] out = new int[d.length - axes.length];
        int k = 0;
        for (int i = 0, j = 0; i < d.length; i++) {
            if (j < axes.length && axes[j] == i) {
                j++;
            } else {
                out[k++] = d[i];
            }
        }
        return Shape.of(out);
    }

    /**
     * Reduces contiguous runs of axes from the last run to the first, so earlier axes keep their place.
     * As NumPy: the sum over an empty dimension is 0; the max has no value there, so it throws.
     */
    private static Tensor reduce(Tensor x, int[] axes, boolean max, Shape out) {
        if (axes.length == 0) {
            return x.view(out); // a rank-0 input: nothing to reduce, and the result aliases it
        }
        int[] d = x.shape().toArray();
        Storage input = Shaping.dense(x).storage;
        Storage data = input;
        int end = axes.length - 1;
        while (end >= 0) {
            int start = end;
            while (start > 0 && axes[start - 1] == axes[start] - 1) start--;
            int lo = axes[start];
            int hi = axes[end];
            int outer = 1, r = 1, inner = 1;
            for (int i = 0; i < lo; i++) outer *= d[i];
            for (int i = lo; i <= hi; i++) r *= d[i];
            for (int i = hi + 1; i < d.length; i++) inner *= d[i];
            if (max && r == 0) {
                int empty = lo;
                while (d[empty] != 0) empty++;
                throw Errors.op("max", "cannot reduce an empty dimension (dimension " + empty + " has size 0):"
                        + " the max of no elements is undefined", x);
            }
            Storage next = Storage.allocate(x.dtype(), start == 0 ? out : Shape.of(outer, inner), !max);
            data.reduce(max, outer, r, inner, next);
            if (data != input) {
                data.recycle(); // an intermediate of this loop: nothing else holds it
            }
            data = next;
            for (int i = lo; i <= hi; i++) d[i] = 1;
            end = start - 1;
        }
        return Tensor.over(data, out);
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        int[] axes = axes("sum", x, dims);
        Shape keep = kept(x.shape(), axes);
        Tensor y = reduce(x, axes, false, keepDim ? keep : dropped(x.shape(), axes));
        // the gradient of a sum is the upstream gradient repeated over the summed axes
        return Tape.record("sum", y, g -> new Tensor[] {g.reshape(keep.toArray()).expand(x.shape())}, x);
    }

    /** sum / count; as NumPy, NaN where a reduced dimension is empty (0 / 0). */
    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        int count = 1;
        for (int a : axes("mean", x, dims)) count *= x.shape().dim(a);
        return sum(x, dims, keepDim).div(count);
    }

    /** Index of the first maximum along dim (no gradient): x's shape without dim, [1] for a 1-D x. */
    static Indices argmax(Tensor x, int dim) {
        int a = Shaping.axis("argmax", x, dim);
        if (x.shape().dim(a) == 0) {
            throw Errors.op("argmax", "cannot reduce an empty dimension (dimension " + dim + " has size 0):"
                    + " the max of no elements is undefined", x);
        }
        int[] idx = io.github.tapegrad.autograd.kernels.Reduce.argmax(Shaping.dense(x).data(), x.shape().numel(0, a),
                x.shape().dim(a), x.shape().numel(a + 1, x.rank()));
        int[] rest = x.shape().without(a).toArray();
        return Indices.of(idx, rest.length == 0 ? new int[] {1} : rest);
    }

    static Tensor max(Tensor x, int[] dims, boolean keepDim) {
        int[] axes = axes("max", x, dims);
        Shape keep = kept(x.shape(), axes);
        Tensor y = reduce(x, axes, true, keepDim ? keep : dropped(x.shape(), axes));
        return Tape.record("max", y, Saves.INPUT0 | Saves.OUTPUT, g -> {
            // ties share the gradient equally (as amax does)
            Tensor mask = Elementwise.compare("max", BinaryOp.EQ, x.detach(), y.detach().reshape(keep.toArray()));
            Tensor count = mask.sum(axes, true);
            return new Tensor[] {g.reshape(keep.toArray()).mul(mask).div(count)};
        }, x);
    }

    static Tensor expand(Tensor x, Shape target) {
        if (x.shape().equals(target)) {
            return x;
        }
        if (!x.shape().broadcastsTo(target)) {
            throw Errors.op("expand", "cannot broadcast to " + target, x);
        }
        // a view: stride 0 where x repeats; its adjoint is the one broadcasting reduction, sumTo
        return Tape.record("expand", Shaping.broadcastView(x, target), g -> new Tensor[] {g.sumTo(x.shape())}, x);
    }

    /** Sums a broadcast result back to {@code target}: a composite of sum and reshape. */
    static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        if (!target.broadcastsTo(g.shape())) {
            throw Errors.op("sumTo", "cannot reduce to " + target, g);
        }
        int extra = g.rank() - target.rank();
        int[] axes = new int[g.rank()];
        int n = 0;
        for (int i = 0; i < g.rank(); i++) {
            if (i < extra || (target.dim(i - extra) == 1 && g.shape().dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        if (n == 0) {
            return g.reshape(target.toArray());
        }
        return g.sum(Arrays.copyOf(axes, n), true).reshape(target.toArray());
    }
}
