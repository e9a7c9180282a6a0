package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The view ops (reshape, permute, narrow, select, split, contiguous) and concat, with their rules. A view
 * shares its input's storage (and so its version counter) and copies nothing: it is the same storage seen
 * through another offset, shape and strides. Its rule writes the gradient back into the input's shape:
 * narrow's and select's pad with zeros, split's concatenates, permute's permutes back, reshape's reshapes.
 */
final class Shaping {
    private Shaping() {
    }

    static Tensor reshape(Tensor x, int[] dims) {
        Shape target = Shape.adopt("reshape", infer(x, dims)); // infer returns a new array
        if (target.equals(x.shape())) {
            return x;
        }
        int[] strides = viewStrides(x.shape().dims(), x.strides, target.dims()); // (reads them only)
        if (strides == null) { // no strides express it (e.g. flattening a transpose): copy, as PyTorch's reshape
            return reshape(x.contiguous(), dims);
        }
        // the result shares the storage, and with it the version counter in-place ops bump
        Tensor y = x.view(target, x.offset, strides);
        return Tape.record("reshape", y, g -> new Tensor[] {g.reshape(x.shape().toArray())}, x);
    }

    /**
     * Strides that show a tensor of {@code dims} with {@code strides} as {@code target} (same element count,
     * row-major order), or null when there are none (PyTorch's computeStride): each run of old dimensions
     * that is contiguous in storage may be regrouped freely, and a target dimension must not straddle two runs.
     */
    static int[] viewStrides(int[] dims, int[] strides, int[] target) {
        int[] out = new int[target.length];
        long numel = 1;
        for (int d : dims) numel *= d;
        if (numel == 0 || dims.length == 0) { // any strides do: nothing (or one element) is ever read
            int acc = 1;
            for (int i = target.length - 1; i >= 0; i--) {
                out[i] = acc;
                acc *= Math.max(target[i], 1);
            }
            return out;
        }
        int viewD = target.length - 1;
        long chunkBase = strides[dims.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            tensorNumel *= dims[d];
            if (d == 0 || (dims[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) { // a run ends
                while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] == 1)) {
                    out[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= target[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? out : null;
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
        int[] od = new int[r];
        int[] os = new int[r];
        for (int i = 0; i < r; i++) {
            od[i] = dims[p[i]];
            os[i] = x.strides[p[i]];
        }
        Tensor y = x.view(Shape.of(od), x.offset, os); // the same storage, its strides permuted
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
        Tensor y = slice(x, a, start, length);
        return Tape.record("narrow", y, g -> new Tensor[] {pad(g, a, start, size)}, x);
    }

    /** x[..., start:start+length, ...] along axis a, as a view (not recorded). */
    private static Tensor slice(Tensor x, int a, int start, int length) {
        return x.view(x.shape().with(a, length), x.offset + (length == 0 ? 0 : start * x.strides[a]), x.strides);
    }

    /** Index {@code index} along axis a, that dimension removed: a view whose rule pads the gradient. */
    private static Tensor selectAxis(Tensor x, int a, int index) {
        int size = x.shape().dim(a);
        int[] strides = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != a) strides[j++] = x.strides[i];
        }
        Tensor y = x.view(x.shape().without(a), x.offset + index * x.strides[a], strides);
        return Tape.record("select", y, g -> new Tensor[] {pad(g.reshape(x.shape().with(a, 1).toArray()), a, index,
                size)}, x);
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

    /**
     * Pieces along axis a, as views; one node with one output per piece, whose rule is a single concat
     * (padding each piece's gradient and summing them would cost a full-size buffer per piece).
     */
    static List<Tensor> split(Tensor x, int a, int[] sizes) {
        if (sizes.length == 1) {
            return List.of(x);
        }
        Tensor[] outs = new Tensor[sizes.length];
        int at = 0;
        Shape shape = null;
        for (int i = 0; i < sizes.length; i++) {
            if (shape == null || shape.dim(a) != sizes[i]) {
                shape = x.shape().with(a, sizes[i]); // one shape for equal pieces (chunk): they share it
            }
            outs[i] = x.view(shape, x.offset + (sizes[i] == 0 ? 0 : at * x.strides[a]), x.strides);
            at += sizes[i];
        }
        Tape.recordMany("split", outs, Saves.NOTHING, gs -> new Tensor[] {Tensor.concat(List.of(gs), a)}, x);
        return List.of(outs);
    }

    /** Stacks along a new dimension dim: each tensor reshaped (a view) with a 1 inserted, then concatenated. */
    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Tensor[] all = tensors.toArray(new Tensor[0]);
        Errors.sameDType("stack", all);
        int a = dim < 0 ? dim + all[0].rank() + 1 : dim;
        List<Tensor> parts = new ArrayList<>(all.length);
        for (Tensor t : all) {
            if (!t.shape().equals(all[0].shape())) {
                throw Errors.op("stack", "all tensors need one shape", all);
            }
            parts.add(t.reshape(t.shape().inserted(a, 1).toArray()));
        }
        return concat(parts, a);
    }

    /** Transpose of the last two dims. */
    static Tensor t(Tensor x) {
        if (x.rank() < 2) {
            throw Errors.op("t", "needs rank >= 2", x);
        }
        return transpose(x, -2, -1);
    }

    /** Swaps two dimensions: a permute. */
    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] p = new int[x.rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int a = axis("transpose", x, dim0);
        int b = axis("transpose", x, dim1);
        p[a] = b;
        p[b] = a;
        return permute(x, p);
    }

    /** select with its checks. */
    static Tensor select(Tensor x, int dim, int index) {
        int a = axis("select", x, dim);
        if (index < 0 || index >= x.shape().dim(a)) {
            throw Errors.op("select", "index " + index + " out of range for dimension " + dim + " of size "
                    + x.shape().dim(a), x);
        }
        return selectAxis(x, a, index);
    }

    /** split with its checks: the sizes must add up to the dimension. */
    static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int a = axis("split", x, dim);
        long total = 0;
        for (int s : sizes) total += s;
        if (total != x.shape().dim(a)) {
            throw Errors.op("split", "sizes " + Arrays.toString(sizes) + " do not add up to " + x.shape().dim(a), x);
        }
        return split(x, a, sizes);
    }

    /** chunks equal pieces: split with equal sizes (the dimension must divide evenly). */
    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        int a = axis("chunk", x, dim);
        if (chunks <= 0 || x.shape().dim(a) % chunks != 0) {
            throw Errors.op("chunk", "dimension " + dim + " of size " + x.shape().dim(a) + " does not split into "
                    + chunks + " equal chunks", x);
        }
        int[] sizes = new int[chunks];
        Arrays.fill(sizes, x.shape().dim(a) / chunks);
        return split(x, sizes, a);
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

    /** x itself when its strides are row-major, else a row-major copy whose rule passes the gradient on. */
    static Tensor contiguousOp(Tensor x) {
        if (x.isContiguous()) {
            return x;
        }
        return Tape.record("contiguous", dense(x), g -> new Tensor[] {g}, x);
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
        Tensor y = Tensor.over(Storage.fresh(dtype, n), x.shape()); // its array goes to the caller: never pooled
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
