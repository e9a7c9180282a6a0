package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.BinaryOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An n-d array of float32 or float64, and the value autograd works on: a {@link Storage} seen through
 * an offset, a shape and strides.
 *
 * <p>Tensors are immutable values: every op returns a new tensor. The view ops ({@link #reshape} where
 * strides can express it, {@link #transpose}, {@link #permute}, {@link #narrow}, {@link #select},
 * {@link #split}, {@link #chunk}, {@link #expand}) share their input's storage and copy nothing. When grad mode is on and an input requires grad, the op records a
 * node on the tape, and {@link #backward()} later sweeps the tape in reverse. The only mutation is the
 * in-place family ({@code copy_}, {@code add_}, {@code mul_}, {@code zero_}) on leaves with grad
 * recording off, which is how optimizers update parameters. Each bumps the storage's version, so a
 * backward that would read values overwritten since its forward throws instead of using them.
 *
 * <p>Method names follow PyTorch so formulas port directly: {@code x.matmul(w).add(b).tanh()}.
 * Elementwise binary ops broadcast as NumPy does.
 */
public final class Tensor {
    /** The array and its version counter, shared by every view of it. */
    final Storage storage;
    /** Where element [0, ..., 0] sits in the storage. */
    final int offset;
    private final Shape shape;
    /** Storage steps per unit of each dimension (row-major for a tensor an op computed). */
    final int[] strides;

    // autograd state
    boolean requiresGrad;
    Node node;
    /** Which output of {@link #node} this is (ops like split have several). */
    int outputIndex;
    Tensor grad;
    boolean gradOwned;

    private Tensor(Storage storage, int offset, Shape shape, int[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    private Tensor(Shape shape, Storage storage) {
        this(storage, 0, shape, shape.strides());
    }

    // ---------------------------------------------------------------- construction

    /** A tensor whose every element the caller will write (storage may come from {@link BufferPool}). */
    static Tensor empty(Shape shape, DType dtype) {
        return new Tensor(shape, Storage.allocate(dtype, shape.numel(), false));
    }

    /** Wraps a new array no other tensor holds (internal: an alias must use {@link #view}). */
    static Tensor wrap(Shape shape, Object data) {
        return new Tensor(shape, Storage.wrap(data));
    }

    /**
     * This storage seen through {@code target} with the given offset and strides (internal, not recorded):
     * shares the version counter.
     */
    Tensor view(Shape target, int viewOffset, int[] viewStrides) {
        return new Tensor(storage, viewOffset, target, viewStrides);
    }

    /** This (row-major) storage under another shape of the same size (internal, not recorded). */
    Tensor view(Shape target) {
        return new Tensor(storage, offset, target, target.strides());
    }

    public static Tensor zeros(Shape shape, DType dtype) {
        return new Tensor(shape, Storage.allocate(dtype, shape.numel(), true));
    }

    public static Tensor zeros(DType dtype, int... dims) {
        return zeros(Shape.of("zeros", dims), dtype);
    }

    public static Tensor ones(Shape shape, DType dtype) {
        return full(1.0, shape, dtype);
    }

    public static Tensor ones(DType dtype, int... dims) {
        return full(1.0, Shape.of("ones", dims), dtype);
    }

    public static Tensor full(double value, Shape shape, DType dtype) {
        Tensor t = empty(shape, dtype);
        t.storage.fill(value);
        return t;
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, Shape.scalar(), dtype);
    }

    /** A float32 tensor holding a copy of {@code values}; no shape means 1-D. */
    public static Tensor of(float[] values, int... shape) {
        Shape s = shape.length == 0 ? Shape.of(values.length) : Shape.of("of", shape);
        check("of", values.length, s);
        return wrap(s, values.clone());
    }

    /** A float64 tensor holding a copy of {@code values}; no shape means 1-D. */
    public static Tensor of(double[] values, int... shape) {
        Shape s = shape.length == 0 ? Shape.of(values.length) : Shape.of("of", shape);
        check("of", values.length, s);
        return wrap(s, values.clone());
    }

    /** A float32 tensor of the given shape (rank 0 included) holding a copy of {@code values}. */
    public static Tensor of(float[] values, Shape shape) {
        check("of", values.length, shape);
        return wrap(shape, values.clone());
    }

    /** A float64 tensor of the given shape (rank 0 included) holding a copy of {@code values}. */
    public static Tensor of(double[] values, Shape shape) {
        check("of", values.length, shape);
        return wrap(shape, values.clone());
    }

    private static void check(String op, int n, Shape s) {
        if (n != s.numel()) {
            throw new IllegalArgumentException(op + ": " + n + " values do not fill shape " + s);
        }
    }

    /** [start, start+step, ...) up to but excluding end. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: invalid range " + start + ", " + end + ", step " + step);
        }
        double count = Math.max(0, Math.ceil((end - start) / step));
        if (count > Integer.MAX_VALUE) { // a cast would saturate to 2^31-1 and try to allocate that
            throw new IllegalArgumentException("arange: [" + start + ", " + end + ") with step " + step + " has "
                    + String.format(java.util.Locale.ROOT, "%.0f", count) + " elements, more than 2^31-1");
        }
        int n = (int) count;
        Tensor t = empty(Shape.of(n), dtype);
        for (int i = 0; i < n; i++) {
            t.set(i, start + i * step);
        }
        return t;
    }

    public static Tensor arange(int n, DType dtype) {
        return arange(0, n, 1, dtype);
    }

    /** Uniform in [0, 1) from the given seeded generator. */
    public static Tensor rand(RandomGenerator rng, DType dtype, int... dims) {
        return uniform(rng, 0, 1, dtype, dims);
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(RandomGenerator rng, double lo, double hi, DType dtype, int... dims) {
        Tensor t = empty(Shape.of("uniform", dims), dtype);
        for (int i = 0; i < t.numel(); i++) {
            t.set(i, lo + (hi - lo) * rng.nextDouble());
        }
        return t;
    }

    /** Standard normal. */
    public static Tensor randn(RandomGenerator rng, DType dtype, int... dims) {
        Tensor t = empty(Shape.of("randn", dims), dtype);
        for (int i = 0; i < t.numel(); i++) {
            t.set(i, rng.nextGaussian());
        }
        return t;
    }

    /** One-hot rows: shape {@code indices.shape() + [numClasses]}; a constant (no gradient). */
    public static Tensor oneHot(Indices indices, int numClasses, DType dtype) {
        return Indexing.oneHot(indices, numClasses, dtype);
    }

    /** Concatenates along {@code dim}; shapes must agree elsewhere. */
    public static Tensor concat(List<Tensor> tensors, int dim) {
        return Shaping.concat(tensors, dim);
    }

    /** Stacks along a new dimension {@code dim}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Errors.sameDType("stack", tensors.toArray(new Tensor[0]));
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            if (!t.shape.equals(tensors.get(0).shape)) {
                throw Errors.op("stack", "all tensors need one shape", tensors.toArray(new Tensor[0]));
            }
            int a = dim < 0 ? dim + t.rank() + 1 : dim;
            parts.add(t.reshape(t.shape.inserted(a, 1).toArray()));
        }
        return concat(parts, dim < 0 ? dim + tensors.get(0).rank() + 1 : dim);
    }

    /** mask != 0 ? a : b, broadcasting all three; no gradient flows to the mask. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return Elementwise.where(mask, a, b);
    }

    // ---------------------------------------------------------------- properties

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public int rank() {
        return shape.rank();
    }

    public int numel() {
        return shape.numel();
    }

    /** Size of dimension {@code i}; negative counts from the end. */
    public int dim(int i) {
        return shape.dim(i);
    }

    /** The storage's array (float[] or double[]); only a dense tensor's elements are all of it, in order. */
    Object data() {
        return storage.array();
    }

    /** Row-major over the whole storage from its start: the layout the array kernels assume. */
    boolean isDense() {
        return offset == 0 && storage.length() == shape.numel() && isContiguous();
    }

    /** Row-major strides (dimensions of size 1 may have any stride), whatever the offset. */
    boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int n = shape.dim(i);
            if (n != 1 && strides[i] != expected) {
                return false;
            }
            expected *= n;
        }
        return true;
    }

    /** The storage position of the element at a flat row-major index. */
    int position(int flatIndex) {
        int pos = offset;
        for (int i = shape.rank() - 1; i >= 0 && flatIndex != 0; i--) {
            int n = shape.dim(i);
            pos += (flatIndex % n) * strides[i];
            flatIndex /= n;
        }
        return pos;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw Errors.op("item", "only one-element tensors have an item", this);
        }
        return get(0);
    }

    /** Element at a flat row-major position. */
    public double get(int flatIndex) {
        if (flatIndex < 0 || flatIndex >= numel()) {
            throw new IndexOutOfBoundsException("get: index " + flatIndex + " out of bounds for " + numel()
                    + " elements");
        }
        return storage.get(isDense() ? flatIndex : position(flatIndex));
    }

    /** Element at an n-d index. */
    public double at(int... index) {
        if (index.length != rank()) {
            throw Errors.op("at", "index " + Arrays.toString(index) + " has the wrong rank", this);
        }
        int pos = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw Errors.op("at", "index " + Arrays.toString(index) + " out of bounds", this);
            }
            pos += index[i] * strides[i];
        }
        return storage.get(pos);
    }

    private void set(int i, double v) {
        storage.set(i, v); // only on a new dense tensor
    }

    /** A copy of the values as floats, row-major. */
    public float[] toFloatArray() {
        return (float[]) Shaping.copyOut(this, DType.FLOAT32).data();
    }

    /** A copy of the values as doubles, row-major. */
    public double[] toDoubleArray() {
        return (double[]) Shaping.copyOut(this, DType.FLOAT64).data();
    }

    /** Converts to float64 (differentiable). */
    public Tensor toDouble() {
        return Elementwise.convert(this, DType.FLOAT64);
    }

    /** Converts to float32 (differentiable). */
    public Tensor toFloat() {
        return Elementwise.convert(this, DType.FLOAT32);
    }

    /** A tensor holding {@code value} in this tensor's dtype, rank 0. */
    public Tensor scalarLike(double value) {
        return scalar(value, dtype());
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as requiring grad (or not); returns this. */
    public Tensor requiresGrad_(boolean value) {
        if (node != null) {
            throw Errors.op("requiresGrad_", "only leaves can change requiresGrad; use detach() first", this);
        }
        requiresGrad = value;
        return this;
    }

    /** True when no recorded op made this tensor. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The accumulated gradient of a leaf after backward, or null. */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces a leaf's accumulated gradient (e.g. with a clipped copy). The gradient must match this
     * tensor's shape and dtype and must not be part of a graph; null clears it.
     */
    public void setGrad(Tensor g) {
        if (g != null && (!g.shape.equals(shape) || g.dtype() != dtype() || g.node != null)) {
            throw Errors.op("setGrad", "the gradient must match the tensor's shape and dtype and have no graph",
                    this, g);
        }
        grad = g;
        gradOwned = false;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
        gradOwned = false;
    }

    /** The same values cut from the graph: no gradient flows through the result. */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, strides); // same storage, so the same version counter
    }

    /** Backward from a one-element output: gradients accumulate into every leaf's {@link #grad()}. */
    public void backward() {
        Tape.backward(this, null, false, false);
    }

    /** Backward with the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor upstream) {
        Tape.backward(this, upstream, false, false);
    }

    /**
     * @param upstream gradient of the same shape, or null for a one-element output
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the derivative computation (higher-order gradients); implies retainGraph
     */
    public void backward(Tensor upstream, boolean retainGraph, boolean createGraph) {
        Tape.backward(this, upstream, retainGraph, createGraph);
    }

    // ---------------------------------------------------------------- in place (optimizers; recording off)
    // Each bumps the storage's version, so a graph that saved this storage (or an alias) refuses backward.

    private void checkInPlace(String op) {
        if (node != null || (requiresGrad && Grad.isEnabled())) {
            throw Errors.op(op, "in-place update of a tensor in a graph; run it on a leaf inside Grad.off()", this);
        }
    }

    /** this := src (same shape and dtype). */
    public Tensor copy_(Tensor src) {
        checkInPlace("copy_");
        if (!src.shape.equals(shape) || src.dtype() != dtype()) {
            throw Errors.op("copy_", "shape and dtype must match", this, src);
        }
        storage.bump();
        InPlace.copy(this, src);
        return this;
    }

    /** this += alpha * other (other broadcast to this shape). */
    public Tensor add_(Tensor other, double alpha) {
        checkInPlace("add_");
        Errors.sameDType("add_", this, other);
        if (!other.shape.broadcastsTo(shape)) {
            throw Errors.op("add_", "cannot broadcast the operand to the target", this, other);
        }
        storage.bump();
        InPlace.add(this, other, alpha);
        return this;
    }

    /** this *= factor. */
    public Tensor mul_(double factor) {
        checkInPlace("mul_");
        storage.bump();
        InPlace.scale(this, factor);
        return this;
    }

    /** this := 0. */
    public Tensor zero_() {
        checkInPlace("zero_");
        storage.bump();
        InPlace.scale(this, 0.0);
        return this;
    }

    // ---------------------------------------------------------------- elementwise

    /** this + other, broadcast. */
    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    public Tensor add(double value) {
        return Elementwise.add(this, scalarLike(value));
    }

    /** this - other, broadcast. */
    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    public Tensor sub(double value) {
        return Elementwise.sub(this, scalarLike(value));
    }

    /** value - this. */
    public Tensor rsub(double value) {
        return Elementwise.sub(scalarLike(value), this);
    }

    /** this * other, broadcast. */
    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    public Tensor mul(double value) {
        return Elementwise.mul(this, scalarLike(value));
    }

    /** this / other, broadcast. */
    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    public Tensor div(double value) {
        return Elementwise.div(this, scalarLike(value));
    }

    public Tensor neg() {
        return Elementwise.neg(this);
    }

    /** this^p for a scalar exponent p. */
    public Tensor pow(double p) {
        return Elementwise.pow(this, p);
    }

    public Tensor square() {
        return mul(this);
    }

    public Tensor exp() {
        return Elementwise.exp(this);
    }

    /** Natural log; defined for x &gt; 0. */
    public Tensor log() {
        return Elementwise.log(this);
    }

    public Tensor sqrt() {
        return Elementwise.sqrt(this);
    }

    public Tensor tanh() {
        return Elementwise.tanh(this);
    }

    /** 1 / (1 + exp(-x)). */
    public Tensor sigmoid() {
        return Elementwise.sigmoid(this);
    }

    /** max(x, 0). */
    public Tensor relu() {
        return Elementwise.relu(this);
    }

    public Tensor abs() {
        return Elementwise.abs(this);
    }

    /** min(max(x, lo), hi). */
    public Tensor clamp(double lo, double hi) {
        return Elementwise.clamp(this, lo, hi);
    }

    /** 1 where this == other, else 0 (a constant mask). */
    public Tensor eq(Tensor other) {
        return Elementwise.compare("eq", BinaryOp.EQ, this, other);
    }

    /** 1 where this &gt; other, else 0 (a constant mask). */
    public Tensor gt(Tensor other) {
        return Elementwise.compare("gt", BinaryOp.GT, this, other);
    }

    public Tensor gt(double value) {
        return gt(scalarLike(value));
    }

    public Tensor ge(Tensor other) {
        return Elementwise.compare("ge", BinaryOp.GE, this, other);
    }

    public Tensor lt(Tensor other) {
        return Elementwise.compare("lt", BinaryOp.LT, this, other);
    }

    public Tensor lt(double value) {
        return lt(scalarLike(value));
    }

    public Tensor le(Tensor other) {
        return Elementwise.compare("le", BinaryOp.LE, this, other);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (rank 0). */
    public Tensor sum() {
        return Reductions.sum(this, new int[0], false);
    }

    /** Sum over {@code dims}; keepDim leaves them as size 1. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    public Tensor sum(int dim, boolean keepDim) {
        return sum(new int[] {dim}, keepDim);
    }

    /** Sum over count; as NumPy, the mean of no elements is NaN (0 / 0). */
    public Tensor mean() {
        return sum().div(numel());
    }

    /** As NumPy, NaN where a reduced dimension is empty. */
    public Tensor mean(int[] dims, boolean keepDim) {
        int count = 1;
        for (int a : Reductions.axes("mean", this, dims)) count *= shape.dim(a);
        return sum(dims, keepDim).div(count);
    }

    public Tensor mean(int dim, boolean keepDim) {
        return mean(new int[] {dim}, keepDim);
    }

    /** Maximum of all elements; ties share the gradient. */
    public Tensor max() {
        return Reductions.max(this, new int[0], false);
    }

    public Tensor max(int[] dims, boolean keepDim) {
        return Reductions.max(this, dims, keepDim);
    }

    public Tensor max(int dim, boolean keepDim) {
        return max(new int[] {dim}, keepDim);
    }

    /** Index of the first maximum along {@code dim} (no gradient). */
    public Indices argmax(int dim) {
        int a = Shaping.axis("argmax", this, dim);
        if (shape.dim(a) == 0) {
            throw Errors.op("argmax", "cannot reduce an empty dimension (dimension " + dim + " has size 0):"
                    + " the max of no elements is undefined", this);
        }
        int[] idx = io.github.tapegrad.autograd.kernels.Reduce.argmax(Shaping.dense(this).data(), shape.numel(0, a), shape.dim(a),
                shape.numel(a + 1, rank()));
        return Indices.of(idx, shape.without(a).toArray().length == 0 ? new int[] {1} : shape.without(a).toArray());
    }

    /** Sums this broadcast result back to {@code target} (the adjoint of {@link #expand}). */
    public Tensor sumTo(Shape target) {
        return Reductions.sumTo(this, target);
    }

    /**
     * Broadcasts to {@code target} as NumPy does: a view that repeats this tensor's values along the
     * dimensions it broadcasts (stride 0), copying nothing; its gradient is a sum back to this shape.
     */
    public Tensor expand(Shape target) {
        return Reductions.expand(this, target);
    }

    public Tensor softmax(int dim) {
        return Softmaxes.softmax(this, dim, false);
    }

    /** log(softmax(x)) computed stably. */
    public Tensor logSoftmax(int dim) {
        return Softmaxes.softmax(this, dim, true);
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product over the last two dims with broadcast batch dims: [..., m, k] @ [..., k, n]. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other, false, false);
    }

    /** this · otherᵀ without materialising the transpose ([..., m, k] @ [..., n, k]ᵀ). */
    public Tensor matmulT(Tensor other) {
        return LinearAlgebra.matmul(this, other, false, true);
    }

    /** thisᵀ · other without materialising the transpose ([..., k, m]ᵀ @ [..., k, n]). */
    public Tensor tmatmul(Tensor other) {
        return LinearAlgebra.matmul(this, other, true, false);
    }

    /**
     * x · weightᵀ + bias (PyTorch's F.linear); bias may be null. The bias may be any tensor that
     * broadcasts to the output (e.g. a precomputed [B, out] input projection): it is added for free,
     * as the GEMM's starting value.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        Tensor[] operands = bias == null ? new Tensor[] {this, weight} : new Tensor[] {this, weight, bias};
        Errors.sameDType("linear", operands);
        if (rank() < 2 || weight.rank() != 2 || dim(-1) != weight.dim(1)) {
            throw Errors.op("linear", "needs x [..., in], weight [out, in] and bias [out]", operands);
        }
        if (bias != null && !bias.shape.broadcastsTo(shape.with(-1, weight.dim(0)))) {
            throw Errors.op("linear", "the bias must broadcast to the output [..., " + weight.dim(0) + "]", operands);
        }
        return LinearAlgebra.matmul(this, weight, false, true, bias);
    }

    // ---------------------------------------------------------------- shape

    /**
     * Same elements in row-major order, new shape; one dimension may be -1. A view when strides can
     * express it (always for a contiguous tensor), else a copy, as PyTorch's reshape.
     */
    public Tensor reshape(int... dims) {
        return Shaping.reshape(this, dims);
    }

    /**
     * This tensor when its elements lie in row-major order in its storage, else a row-major copy; the
     * gradient passes through unchanged. Views (transpose, narrow, expand) may need it before a kernel.
     */
    public Tensor contiguous() {
        return Shaping.contiguousOp(this);
    }

    public Tensor flatten() {
        return reshape(-1);
    }

    /** Reorders dimensions: result dim i is this dim perm[i]; a view (strides permuted). */
    public Tensor permute(int... perm) {
        return Shaping.permute(this, perm);
    }

    /** Swaps two dimensions; a view. */
    public Tensor transpose(int dim0, int dim1) {
        int[] p = new int[rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int a = Shaping.axis("transpose", this, dim0);
        int b = Shaping.axis("transpose", this, dim1);
        p[a] = b;
        p[b] = a;
        return permute(p);
    }

    /** Transpose of the last two dims. */
    public Tensor t() {
        if (rank() < 2) {
            throw Errors.op("t", "needs rank >= 2", this);
        }
        return transpose(-2, -1);
    }

    /** Elements [start, start+length) along {@code dim}; a view, whose gradient is padded with zeros. */
    public Tensor narrow(int dim, int start, int length) {
        return Shaping.narrow(this, dim, start, length);
    }

    /** Index {@code index} along {@code dim}, removing that dimension; a view. */
    public Tensor select(int dim, int index) {
        int a = Shaping.axis("select", this, dim);
        if (index < 0 || index >= shape.dim(a)) {
            throw Errors.op("select", "index " + index + " out of range for dimension " + dim + " of size "
                    + shape.dim(a), this);
        }
        return Shaping.select(this, a, index);
    }

    /** Pieces of the given sizes along {@code dim}: views, one node whose gradient is a concat. */
    public List<Tensor> split(int[] sizes, int dim) {
        int a = Shaping.axis("split", this, dim);
        int total = 0;
        for (int s : sizes) total += s;
        if (total != shape.dim(a)) {
            throw Errors.op("split", "sizes " + Arrays.toString(sizes) + " do not add up to " + shape.dim(a), this);
        }
        return Shaping.split(this, a, sizes);
    }

    /** {@code chunks} equal pieces along {@code dim} (the size must divide evenly); views, as split. */
    public List<Tensor> chunk(int chunks, int dim) {
        int a = Shaping.axis("chunk", this, dim);
        if (chunks <= 0 || shape.dim(a) % chunks != 0) {
            throw Errors.op("chunk", "dimension " + dim + " of size " + shape.dim(a) + " does not split into "
                    + chunks + " equal chunks", this);
        }
        int[] sizes = new int[chunks];
        Arrays.fill(sizes, shape.dim(a) / chunks);
        return split(sizes, a);
    }

    /**
     * The LSTM cell's pointwise part as one fused primitive: this is the gates' pre-activations [B, 4H]
     * (blocks i, f, g, o, as torch.nn.LSTM), {@code c} the cell state [B, H]; returns [h', c'] with
     * c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g) and h' = σ(o) ⊙ tanh(c'). Same values as those composite ops, less
     * memory kept for backward and fewer passes; gradchecked, higher orders included.
     */
    public List<Tensor> lstmPointwise(Tensor c) {
        return Fused.lstmPointwise(this, c);
    }

    /**
     * {@code this.linear(w, bias).chunk(pieces, 0)} as one op, without the full product as a tensor (bias
     * may be null): a sequence's input projection straight into per-step tensors.
     */
    public List<Tensor> linearSplit(Tensor w, Tensor bias, int pieces) {
        return Fused.linearSplit(this, w, bias, pieces);
    }

    /** Rows (along {@code dim}) at the given indices: an embedding lookup when dim is 0. */
    public Tensor indexSelect(int dim, Indices indices) {
        return Indexing.indexSelect(this, dim, indices);
    }

    /** out[..., k, ...] = this[..., index[..., k, ...], ...] along {@code dim}. */
    public Tensor gather(int dim, Indices index) {
        return Indexing.gather(this, dim, index);
    }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        int[] dims = shape.toArray();
        if (dims.length == 0) {
            sb.append(format(get(0)));
        } else {
            preview(sb, 0, 0, dims);
        }
        sb.append(", shape=").append(shape).append(", dtype=").append(dtype());
        if (node != null) {
            sb.append(", op=").append(node.op);
        } else if (requiresGrad) {
            sb.append(", requiresGrad");
        }
        return sb.append(')').toString();
    }

    private static final int EDGE = 3;

    private void preview(StringBuilder sb, int axis, int offset, int[] dims) {
        int n = dims[axis];
        int stride = shape.numel(axis + 1, dims.length);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            if (axis == dims.length - 1) {
                sb.append(format(get(offset + i)));
            } else {
                preview(sb, axis + 1, offset + i * stride, dims);
            }
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
