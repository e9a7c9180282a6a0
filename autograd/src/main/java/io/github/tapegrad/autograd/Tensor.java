package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.BinaryOp;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An n-d array of float32 or float64, and the value autograd works on: a {@link Storage} seen through an
 * offset, a {@link Shape} and strides. This class is the API; the ops and their derivative rules live in
 * their families (Elementwise, Reductions, Shaping, LinearAlgebra, Indexing, Softmaxes; fused ops in
 * {@link io.github.tapegrad.autograd.fused.FusedOps}, defined through {@link Primitive}),
 * the recording and the reverse sweep in the tape.
 *
 * <p>Tensors are immutable values: every op returns a new tensor. The view ops ({@link #reshape} where
 * strides can express it, {@link #transpose}, {@link #permute}, {@link #narrow}, {@link #select},
 * {@link #split}, {@link #chunk}, {@link #expand}) share their input's storage and copy nothing. When grad
 * mode is on and an input requires grad, an op records a node on the tape, and {@link #backward()} later
 * sweeps the tape in reverse. The only mutation is the in-place family ({@code copy_}, {@code add_},
 * {@code mul_}, {@code zero_}) on leaves with grad recording off, which is how optimizers update
 * parameters. Each bumps the storage's version, so a backward that would read values overwritten since
 * its forward throws instead of using them (a write through a view bumps the version it shares).
 *
 * <p>Method names follow PyTorch so formulas port directly: {@code x.matmul(w).add(b).tanh()}. Elementwise
 * binary ops broadcast as NumPy does: shapes align from the right and a dimension of size 1 repeats; the
 * result's shape is written broadcast(x, y) below.
 */
public final class Tensor {
    /** The array and its version counter, shared by every view of it. */
    final Storage storage;
    /** Where element [0, ..., 0] sits in the storage. */
    final int offset;
    private final Shape shape;
    /** Storage steps per unit of each dimension (row-major for a tensor an op computed). */
    final int[] strides;
    /** Layout flags, fixed at construction: row-major strides; and that plus all of the storage from 0. */
    private final boolean contiguous;
    private final boolean dense;
    boolean requiresGrad;
    /** The tape's record of this tensor: the node that made it, or a leaf's gradient; null when untracked. */
    GradSlot slot;

    private Tensor(Storage storage, int offset, Shape shape, int[] strides) {
        if (storage.isRetired()) {
            throw storage.recycled(); // no new view of a recycled storage, contiguous or not
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.contiguous = rowMajor(shape, strides);
        this.dense = contiguous && offset == 0 && storage.length() == shape.numel();
    }

    // ---------------------------------------------------------------- internal: layout and graph

    /** A new dense tensor whose every element the caller will write (storage may come from {@link BufferPool}). */
    static Tensor empty(Shape shape, DType dtype) {
        return over(Storage.allocate(dtype, shape, false), shape);
    }

    /** A dense tensor over a storage no other tensor holds (an alias must use {@link #view}). */
    static Tensor over(Storage storage, Shape shape) { return new Tensor(storage, 0, shape, shape.rowMajorStrides()); }

    /** This storage seen through another offset, shape and strides (not recorded); shares the version. */
    Tensor view(Shape target, int viewOffset, int[] viewStrides) {
        return new Tensor(storage, viewOffset, target, viewStrides);
    }

    /** This (row-major) storage under another shape of the same size (not recorded). */
    Tensor view(Shape target) { return new Tensor(storage, offset, target, target.rowMajorStrides()); }
    /** The storage's array (float[] or double[]); only a dense tensor's elements are all of it, in order. */
    Object data() { return storage.array(); }
    /** Row-major over the whole storage from its start: the layout the array kernels assume. */
    boolean isDense() { return dense; }
    /** Row-major strides (dimensions of size 1 may have any stride), whatever the offset. */
    boolean isContiguous() { return contiguous; }

    private static boolean rowMajor(Shape shape, int[] strides) {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            if (shape.dim(i) != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape.dim(i);
        }
        return true;
    }

    /** The storage position of the element at a flat row-major index. */
    int position(int flatIndex) {
        int pos = offset;
        for (int i = shape.rank() - 1; i >= 0 && flatIndex != 0; i--) {
            pos += (flatIndex % shape.dim(i)) * strides[i];
            flatIndex /= shape.dim(i);
        }
        return pos;
    }

    /** The op that made this tensor, or null for a leaf. */
    Node node() { return slot == null ? null : slot.node; }

    // ---------------------------------------------------------------- creation (dense, no gradient)

    /** Zeros of the given shape. */
    public static Tensor zeros(Shape shape, DType dtype) {
        return over(Storage.allocate(dtype, shape, true), shape);
    }

    /** Zeros of shape dims. */
    public static Tensor zeros(DType dtype, int... dims) { return zeros(Shape.of("zeros", dims), dtype); }
    /** Ones of the given shape. */
    public static Tensor ones(Shape shape, DType dtype) { return full(1.0, shape, dtype); }
    /** Ones of shape dims. */
    public static Tensor ones(DType dtype, int... dims) { return full(1.0, Shape.of("ones", dims), dtype); }
    /** Every element {@code value} (rounded to the dtype). */
    public static Tensor full(double value, Shape shape, DType dtype) { return Factories.full(value, shape, dtype); }
    /** {@code value} as a rank-0 tensor (shape []). */
    public static Tensor scalar(double value, DType dtype) { return full(value, Shape.scalar(), dtype); }
    /** A float32 tensor holding a copy of {@code values}, row-major; no shape means 1-D [values.length]. */
    public static Tensor of(float[] values, int... shape) { return Factories.of(values, values.length, shape); }
    /** A float64 tensor holding a copy of {@code values}, row-major; no shape means 1-D [values.length]. */
    public static Tensor of(double[] values, int... shape) { return Factories.of(values, values.length, shape); }
    /** A float32 tensor of the given shape (rank 0 included) holding a copy of {@code values}. */
    public static Tensor of(float[] values, Shape shape) { return Factories.of(values, values.length, shape); }
    /** A float64 tensor of the given shape (rank 0 included) holding a copy of {@code values}. */
    public static Tensor of(double[] values, Shape shape) { return Factories.of(values, values.length, shape); }

    /** [start, start + step, ...) up to but excluding end: shape [ceil((end - start) / step)]. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Factories.arange(start, end, step, dtype);
    }

    /** [0, 1, ..., n - 1]: shape [n]. */
    public static Tensor arange(int n, DType dtype) { return arange(0, n, 1, dtype); }
    /** Uniform in [0, 1) from the given seeded generator, drawn in row-major order. */
    public static Tensor rand(RandomGenerator rng, DType dtype, int... dims) { return uniform(rng, 0, 1, dtype, dims); }

    /** lo + (hi - lo) · u with u uniform in [0, 1), drawn in row-major order. */
    public static Tensor uniform(RandomGenerator rng, double lo, double hi, DType dtype, int... dims) {
        return Factories.random(rng, false, lo, hi, dtype, dims);
    }

    /** Standard normal N(0, 1), drawn in row-major order. */
    public static Tensor randn(RandomGenerator rng, DType dtype, int... dims) {
        return Factories.random(rng, true, 0, 1, dtype, dims);
    }

    /** out[..., c] = (indices[...] == c): shape indices.shape() + [numClasses]; a constant. */
    public static Tensor oneHot(Indices indices, int numClasses, DType dtype) {
        return Indexing.oneHot(indices, numClasses, dtype);
    }

    /** Joins along {@code dim}: shapes must agree elsewhere; that dimension's sizes add up. */
    public static Tensor concat(List<Tensor> tensors, int dim) { return Shaping.concat(tensors, dim); }
    /** Joins along a new dimension {@code dim}: n tensors of shape s give s with n inserted at dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) { return Shaping.stack(tensors, dim); }
    /** mask ≠ 0 ? a : b elementwise, broadcast(mask, a, b); no gradient flows to the mask. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) { return Elementwise.where(mask, a, b); }

    // ---------------------------------------------------------------- properties and values

    /** The dimensions. */
    public Shape shape() { return shape; }
    /** float32 or float64. */
    public DType dtype() { return storage.dtype(); }
    /** The number of dimensions. */
    public int rank() { return shape.rank(); }
    /** The number of elements: the product of the dimensions. */
    public int numel() { return shape.numel(); }
    /** Size of dimension {@code i}; negative counts from the end. */
    public int dim(int i) { return shape.dim(i); }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw Errors.op("item", "only one-element tensors have an item", this);
        }
        return get(0);
    }

    /** The element at a flat row-major index in [0, numel()). */
    public double get(int flatIndex) {
        if (dense) {
            return storage.get(flatIndex); // the array's own bounds check is the tensor's
        }
        if (flatIndex < 0 || flatIndex >= numel()) {
            throw new IndexOutOfBoundsException("get: index " + flatIndex + " out of bounds for " + numel()
                    + " elements");
        }
        return storage.get(position(flatIndex));
    }

    /** The element at an n-d index (one entry per dimension). */
    public double at(int... index) {
        if (index.length != rank()) {
            throw Errors.op("at", "index " + java.util.Arrays.toString(index) + " has the wrong rank", this);
        }
        int pos = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw Errors.op("at", "index " + java.util.Arrays.toString(index) + " out of bounds", this);
            }
            pos += index[i] * strides[i];
        }
        return storage.get(pos);
    }

    /** A copy of the values as floats, row-major. */
    public float[] toFloatArray() { return (float[]) Shaping.copyOut(this, DType.FLOAT32).data(); }
    /** A copy of the values as doubles, row-major. */
    public double[] toDoubleArray() { return (double[]) Shaping.copyOut(this, DType.FLOAT64).data(); }
    /** The values in float64, same shape (differentiable). */
    public Tensor toDouble() { return Elementwise.convert(this, DType.FLOAT64); }
    /** The values rounded to float32, same shape (differentiable). */
    public Tensor toFloat() { return Elementwise.convert(this, DType.FLOAT32); }
    /** {@code value} in this tensor's dtype, rank 0. */
    public Tensor scalarLike(double value) { return scalar(value, dtype()); }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to this tensor: a leaf marked so, or the result of an op on such tensors. */
    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf as requiring grad (or not); returns this. */
    public Tensor requiresGrad_(boolean value) {
        Tape.requireGrad(this, value);
        return this;
    }

    /** True when no recorded op made this tensor. */
    public boolean isLeaf() { return node() == null; }
    /** A leaf's accumulated gradient ∂loss/∂this after backward (this tensor's shape), or null. */
    public Tensor grad() { return slot == null || slot.node != null ? null : slot.get(); }
    /** Replaces a leaf's gradient (e.g. with a clipped copy): same shape and dtype, no graph; null clears it. */
    public void setGrad(Tensor g) { Tape.setGrad(this, g); }
    /** Clears a leaf's accumulated gradient. */
    public void zeroGrad() { Tape.setGrad(this, null); }
    /** The same values (the same storage) cut from the graph: no gradient flows through the result. */
    public Tensor detach() { return new Tensor(storage, offset, shape, strides); }
    /** Backward from a one-element output: ∂this/∂leaf accumulates into every leaf's {@link #grad()}. */
    public void backward() { Tape.backward(this, null, false, false); }
    /** Backward of sum(upstream ⊙ this): upstream has this tensor's shape. */
    public void backward(Tensor upstream) { Tape.backward(this, upstream, false, false); }

    /**
     * Backward of sum(upstream ⊙ this).
     *
     * @param upstream gradient of the same shape, or null for a one-element output
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the derivative computation (higher-order gradients); implies retainGraph
     */
    public void backward(Tensor upstream, boolean retainGraph, boolean createGraph) {
        Tape.backward(this, upstream, retainGraph, createGraph);
    }

    // ---------------------------------------------------------------- in place (optimizers; recording off)

    /** this := src (same shape and dtype); returns this. */
    public Tensor copy_(Tensor src) { return InPlace.copy_(this, src); }
    /** this := this + alpha · other (other broadcast to this shape); returns this. */
    public Tensor add_(Tensor other, double alpha) { return InPlace.add_(this, other, alpha); }
    /** this := this · factor; returns this. */
    public Tensor mul_(double factor) { return InPlace.mul_(this, factor, "mul_"); }
    /** this := 0 (NaN and Inf included); returns this. */
    public Tensor zero_() { return InPlace.mul_(this, 0.0, "zero_"); }

    // ---------------------------------------------------------------- elementwise (shape broadcast(this, other))

    /** this + other. */
    public Tensor add(Tensor other) { return Elementwise.add(this, other); }
    /** this + value; this shape. */
    public Tensor add(double value) { return Elementwise.add(this, scalarLike(value)); }
    /** this − other. */
    public Tensor sub(Tensor other) { return Elementwise.sub(this, other); }
    /** this − value; this shape. */
    public Tensor sub(double value) { return Elementwise.sub(this, scalarLike(value)); }
    /** value − this; this shape. */
    public Tensor rsub(double value) { return Elementwise.sub(scalarLike(value), this); }
    /** this ⊙ other (elementwise product). */
    public Tensor mul(Tensor other) { return Elementwise.mul(this, other); }
    /** this · value; this shape. */
    public Tensor mul(double value) { return Elementwise.mul(this, scalarLike(value)); }
    /** this / other. */
    public Tensor div(Tensor other) { return Elementwise.div(this, other); }
    /** this / value; this shape. */
    public Tensor div(double value) { return Elementwise.div(this, scalarLike(value)); }
    /** −this; this shape (so are all the unary ops below). */
    public Tensor neg() { return Elementwise.neg(this); }
    /** this^p for a scalar exponent p. */
    public Tensor pow(double p) { return Elementwise.pow(this, p); }
    /** this ⊙ this. */
    public Tensor square() { return mul(this); }
    /** eˣ. */
    public Tensor exp() { return Elementwise.exp(this); }
    /** Natural log, ln x; defined for x &gt; 0. */
    public Tensor log() { return Elementwise.log(this); }
    /** √x. */
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    /** tanh x. */
    public Tensor tanh() { return Elementwise.tanh(this); }
    /** σ(x) = 1 / (1 + e⁻ˣ). */
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }
    /** max(x, 0). */
    public Tensor relu() { return Elementwise.relu(this); }
    /** |x|. */
    public Tensor abs() { return Elementwise.abs(this); }
    /** min(max(x, lo), hi). */
    public Tensor clamp(double lo, double hi) { return Elementwise.clamp(this, lo, hi); }
    /** 1 where this == other, else 0 (a constant mask). */
    public Tensor eq(Tensor other) { return Elementwise.compare("eq", BinaryOp.EQ, this, other); }
    /** 1 where this &gt; other, else 0 (a constant mask). */
    public Tensor gt(Tensor other) { return Elementwise.compare("gt", BinaryOp.GT, this, other); }
    /** 1 where this &gt; value, else 0; this shape. */
    public Tensor gt(double value) { return gt(scalarLike(value)); }
    /** 1 where this ≥ other, else 0. */
    public Tensor ge(Tensor other) { return Elementwise.compare("ge", BinaryOp.GE, this, other); }
    /** 1 where this &lt; other, else 0. */
    public Tensor lt(Tensor other) { return Elementwise.compare("lt", BinaryOp.LT, this, other); }
    /** 1 where this &lt; value, else 0; this shape. */
    public Tensor lt(double value) { return lt(scalarLike(value)); }
    /** 1 where this ≤ other, else 0. */
    public Tensor le(Tensor other) { return Elementwise.compare("le", BinaryOp.LE, this, other); }

    // ---------------------------------------------------------------- reductions

    /** Σ of all elements: shape []. */
    public Tensor sum() { return Reductions.sum(this, new int[0], false); }
    /** Σ over {@code dims}: those dimensions removed, or kept as 1 with keepDim. */
    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
    /** Σ over {@code dim}: removed, or kept as 1 with keepDim. */
    public Tensor sum(int dim, boolean keepDim) { return sum(new int[] {dim}, keepDim); }
    /** Σ / numel: shape []; as NumPy, the mean of no elements is NaN (0 / 0). */
    public Tensor mean() { return sum().div(numel()); }
    /** Σ / count over {@code dims} (shape as sum's); NaN where a reduced dimension is empty. */
    public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
    /** Σ / count over {@code dim} (shape as sum's). */
    public Tensor mean(int dim, boolean keepDim) { return mean(new int[] {dim}, keepDim); }
    /** Maximum of all elements: shape []; ties share the gradient. */
    public Tensor max() { return Reductions.max(this, new int[0], false); }
    /** Maximum over {@code dims} (shape as sum's); ties share the gradient. */
    public Tensor max(int[] dims, boolean keepDim) { return Reductions.max(this, dims, keepDim); }
    /** Maximum over {@code dim} (shape as sum's). */
    public Tensor max(int dim, boolean keepDim) { return max(new int[] {dim}, keepDim); }
    /** Index of the first maximum along {@code dim}: shape without dim ([1] for 1-D); no gradient. */
    public Indices argmax(int dim) { return Reductions.argmax(this, dim); }
    /** Σ of this broadcast result back to {@code target} (the adjoint of {@link #expand}). */
    public Tensor sumTo(Shape target) { return Reductions.sumTo(this, target); }
    /** Broadcast to {@code target}: a view repeating values along broadcast dims (stride 0); gradient sumTo. */
    public Tensor expand(Shape target) { return Reductions.expand(this, target); }
    /** e^xᵢ / Σⱼ e^xⱼ along {@code dim}; this shape. */
    public Tensor softmax(int dim) { return Softmaxes.softmax(this, dim, false); }
    /** xᵢ − log Σⱼ e^xⱼ along {@code dim}, computed stably; this shape. */
    public Tensor logSoftmax(int dim) { return Softmaxes.softmax(this, dim, true); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product over the last two dims, batch dims broadcast: [..., m, k] @ [..., k, n] → [..., m, n]. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other, false, false); }
    /** this · otherᵀ without materialising the transpose: [..., m, k] @ [..., n, k]ᵀ → [..., m, n]. */
    public Tensor matmulT(Tensor other) { return LinearAlgebra.matmul(this, other, false, true); }
    /** thisᵀ · other without materialising the transpose: [..., k, m]ᵀ @ [..., k, n] → [..., m, n]. */
    public Tensor tmatmul(Tensor other) { return LinearAlgebra.matmul(this, other, true, false); }

    /**
     * x · weightᵀ + bias (PyTorch's F.linear): [..., in] with weight [out, in] → [..., out]. The bias may be
     * null or any tensor that broadcasts to the output (e.g. a precomputed [B, out] input projection): it
     * is added for free, as the GEMM's starting value.
     */
    public Tensor linear(Tensor weight, Tensor bias) { return LinearAlgebra.linear(this, weight, bias); }

    // ---------------------------------------------------------------- shape (views unless noted)

    /** The same elements in row-major order, new shape (one dim may be -1): a view where strides allow, else a copy. */
    public Tensor reshape(int... dims) { return Shaping.reshape(this, dims); }
    /** reshape(-1): shape [numel]. */
    public Tensor flatten() { return reshape(-1); }
    /** This when its elements lie row-major in storage, else a row-major copy; the gradient passes unchanged. */
    public Tensor contiguous() { return Shaping.contiguousOp(this); }
    /** Reorders dimensions: result dim i is this dim perm[i] (its strides permuted). */
    public Tensor permute(int... perm) { return Shaping.permute(this, perm); }
    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) { return Shaping.transpose(this, dim0, dim1); }
    /** Transpose of the last two dims: [..., m, n] → [..., n, m]. */
    public Tensor t() { return Shaping.t(this); }
    /** Elements [start, start + length) along {@code dim} (that dim becomes length); gradient zero-padded. */
    public Tensor narrow(int dim, int start, int length) { return Shaping.narrow(this, dim, start, length); }
    /** Index {@code index} along {@code dim}: that dimension removed. */
    public Tensor select(int dim, int index) { return Shaping.select(this, dim, index); }
    /** Pieces of the given sizes along {@code dim} (they add up to its size); one node, gradient a concat. */
    public List<Tensor> split(int[] sizes, int dim) { return Shaping.split(this, sizes, dim); }
    /** {@code chunks} equal pieces along {@code dim}, as split (the size must divide evenly). */
    public List<Tensor> chunk(int chunks, int dim) { return Shaping.chunk(this, chunks, dim); }

    // ---------------------------------------------------------------- indexing (copies)

    /** Rows along {@code dim} at the indices (that dim becomes indices.numel()): an embedding lookup at dim 0. */
    public Tensor indexSelect(int dim, Indices indices) { return Indexing.indexSelect(this, dim, indices); }
    /** out[..., k, ...] = this[..., index[..., k, ...], ...] along {@code dim}: shape index.shape(). */
    public Tensor gather(int dim, Indices index) { return Indexing.gather(this, dim, index); }

    @Override
    public String toString() { return TensorFormat.format(this); }
}
