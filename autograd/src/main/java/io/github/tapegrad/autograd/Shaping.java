package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** reshape, permute, narrow and concat with their rules; select, stack, split and chunk are composites. */
final class Shaping {
    private Shaping() {
    }

    static Tensor reshape(Tensor x, int[] dims) {
        Shape target = Shape.of("reshape", infer(x, dims));
        if (target.equals(x.shape())) {
            return x;
        }
        // the result shares the storage, and with it the version counter in-place ops bump
        Tensor y = x.view(target);
        return Tape.record("reshape", y, g -> new Tensor[] {g.reshape(x.shape().toArray())}, x);
    }

    private static int[] infer(Tensor x, int[] dims) {
        int[] d = dims.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (d[i] < 0) {
                throw Errors.op("reshape", "invalid target " + Arrays.toString(dims), x);
            } else {
                known = Math.min(known * d[i], 1L << 31); // saturates above any element count, so never wraps
            }
        }
        if (unknown >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw Errors.op("reshape", "cannot infer -1 in " + Arrays.toString(dims), x);
            }
            d[unknown] = (int) (x.numel() / known);
        } else if (known != x.numel()) {
            throw Errors.op("reshape", "cannot reshape " + x.numel() + " elements to " + Arrays.toString(dims), x);
        }
        return d;
    }

    static Tensor permute(Tensor x, int[] perm) {
        int r = x.rank();
        if (perm.length != r) {
            throw Errors.op("permute", "permutation " + Arrays.toString(perm) + " does not match rank " + r, x);
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int a = perm[i] < 0 ? perm[i] + r : perm[i];
            if (a < 0 || a >= r || seen[a]) {
                throw Errors.op("permute", "invalid permutation " + Arrays.toString(perm), x);
            }
            seen[a] = true;
            p[i] = a;
        }
        int[] inverse = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            inverse[p[i]] = i;
            identity &= p[i] == i;
        }
        if (identity) {
            return x;
        }
        int[] dims = x.shape().toArray();
        int[] strides = x.strides;
        int[] od = new int[r];
        int[] os = new int[r];
        for (int i = 0; i < r; i++) {
            od[i] = dims[p[i]];
            os[i] = strides[p[i]];
        }
        Tensor y = Tensor.empty(Shape.of(od), x.dtype());
        Copy.strided(x.data(), x.offset, os, y.data(), od);
        return Tape.record("permute", y, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int a = axis("narrow", x, dim);
        int size = x.shape().dim(a);
        if (start < 0 || length < 0 || start + length > size) {
            throw Errors.op("narrow", "range [" + start + ", " + (start + length) + ") out of bounds for dimension "
                    + dim + " of size " + size, x);
        }
        if (start == 0 && length == size) {
            return x;
        }
        Shape out = x.shape().with(a, length);
        Tensor y = Tensor.empty(out, x.dtype());
        int outer = x.shape().numel(0, a);
        int inner = x.shape().numel(a + 1, x.rank());
        Copy.slab(dense(x).data(), size, start, y.data(), length, 0, outer, length, inner);
        return Tape.record("narrow", y, g -> new Tensor[] {pad(g, a, start, size)}, x);
    }

    /** g placed at [start, start+len) of a zero tensor with {@code size} along {@code axis}. */
    private static Tensor pad(Tensor g, int axis, int start, int size) {
        List<Tensor> parts = new ArrayList<>(3);
        int len = g.shape().dim(axis);
        if (start > 0) {
            parts.add(Tensor.zeros(g.shape().with(axis, start), g.dtype()));
        }
        parts.add(g);
        if (start + len < size) {
            parts.add(Tensor.zeros(g.shape().with(axis, size - start - len), g.dtype()));
        }
        return parts.size() == 1 ? g : Tensor.concat(parts, axis);
    }

    /** Pieces along axis a; one node with one output per piece, whose rule is a single concat. */
    static List<Tensor> split(Tensor x, int a, int[] sizes) {
        int size = x.shape().dim(a);
        int outer = x.shape().numel(0, a);
        int inner = x.shape().numel(a + 1, x.rank());
        Object src = dense(x).data();
        Tensor[] outs = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            outs[i] = Tensor.empty(x.shape().with(a, sizes[i]), x.dtype());
            Copy.slab(src, size, at, outs[i].data(), sizes[i], 0, outer, sizes[i], inner);
            at += sizes[i];
        }
        if (sizes.length == 1) {
            return List.of(x);
        }
        Tape.recordMany("split", outs, Saves.NOTHING, gs -> new Tensor[] {Tensor.concat(List.of(gs), a)}, x);
        return List.of(outs);
    }

    static Tensor concat(List<Tensor> xs, int dim) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = xs.get(0);
        Tensor[] in = xs.toArray(new Tensor[0]);
        Errors.sameDType("concat", in);
        int a = axis("concat", first, dim);
        long total = 0;
        for (Tensor t : in) {
            if (t.rank() != first.rank() || !t.shape().with(a, 0).equals(first.shape().with(a, 0))) {
                throw Errors.op("concat", "shapes differ outside dimension " + dim, in);
            }
            total += t.shape().dim(a);
        }
        if (total > Integer.MAX_VALUE) {
            throw Errors.op("concat", "sizes along dimension " + dim + " add up to " + total + ", more than 2^31-1", in);
        }
        if (in.length == 1) {
            return first;
        }
        int size = (int) total;
        Shape out = first.shape().with("concat", a, size);
        Tensor y = Tensor.empty(out, first.dtype());
        int outer = first.shape().numel(0, a);
        int inner = first.shape().numel(a + 1, first.rank());
        int[] starts = new int[in.length];
        int at = 0;
        for (int i = 0; i < in.length; i++) {
            int len = in[i].shape().dim(a);
            starts[i] = at;
            Copy.slab(dense(in[i]).data(), len, 0, y.data(), size, at, outer, len, inner);
            at += len;
        }
        return Tape.record("concat", y, g -> {
            Tensor[] gs = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                gs[i] = in[i].requiresGrad ? g.narrow(a, starts[i], in[i].shape().dim(a)) : null;
            }
            return gs;
        }, in);
    }

    // ---------------------------------------------------------------- layout helpers (not recorded)

    /** x when its strides are row-major (any offset), else a row-major copy. */
    static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : dense(x);
    }

    /** x when it is all of its storage in row-major order, else a copy that is: what array kernels take. */
    static Tensor dense(Tensor x) {
        if (x.isDense()) {
            return x;
        }
        Tensor y = Tensor.empty(x.shape(), x.dtype());
        copyInto(x, y);
        return y;
    }

    /** Writes x's elements, in row-major order, into the dense tensor y of x's shape and dtype. */
    static void copyInto(Tensor x, Tensor y) {
        Copy.strided(x.data(), x.offset, x.strides, y.data(), x.shape().toArray());
    }

    /** A row-major copy of x in a new array (never pooled: it is handed to the caller) of the given dtype. */
    static Tensor copyOut(Tensor x, DType dtype) {
        int n = x.numel();
        Tensor y = Tensor.wrap(x.shape(), Storage.fresh(dtype, n).array());
        if (dtype == x.dtype()) {
            copyInto(x, y);
        } else {
            Tensor c = contiguous(x);
            c.storage.convertInto(c.offset, y.storage, 0, n);
        }
        return y;
    }

    /** x read as {@code target} (NumPy broadcasting): stride 0 along the dimensions it repeats. */
    static Tensor broadcastView(Tensor x, Shape target) {
        if (x.shape().equals(target)) {
            return x;
        }
        int[] od = target.toArray();
        return x.view(target, x.offset, io.github.tapegrad.autograd.kernels.Broadcast.strides(x.shape().toArray(),
                x.strides, od));
    }

    static int axis(String op, Tensor x, int dim) {
        int a = dim < 0 ? dim + x.rank() : dim;
        if (a < 0 || a >= x.rank()) {
            throw Errors.op(op, "dimension " + dim + " out of range for rank " + x.rank(), x);
        }
        return a;
    }
}
