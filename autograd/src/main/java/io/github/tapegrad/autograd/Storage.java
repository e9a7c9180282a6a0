package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Binary;
import io.github.tapegrad.autograd.kernels.BinaryOp;
import io.github.tapegrad.autograd.kernels.MatMul;
import io.github.tapegrad.autograd.kernels.PackedMatrix;
import io.github.tapegrad.autograd.kernels.Reduce;
import io.github.tapegrad.autograd.kernels.Softmax;
import io.github.tapegrad.autograd.kernels.Unary;
import io.github.tapegrad.autograd.kernels.UnaryOp;

import java.util.Arrays;

/**
 * One float32 or float64 array and its version counter, shared by every tensor that views it. This is the
 * one place that branches on the dtype: ops call the typed helpers below, which pick the float[] or
 * double[] overload of a kernel, so no op reads an array field itself.
 *
 * <p>The version counts in-place writes. Tensors over one storage (a reshape, a transpose, a narrow, a
 * detach, a rank-0 sum) share it, so a write through any of them is seen by the nodes that saved another;
 * a node records the value when it saves a tensor and the sweep compares before running the rule. A plain
 * field, not atomic: tensors are not shared across threads while they are written.
 *
 * <p>A storage an {@link Arena} recycles (a step scope closing, a sweep's temporary) is retired: its array goes
 * to the {@link BufferPool} and this storage lets go of it, so a read or write through any tensor over it throws
 * instead of seeing another step's values. The check is one null test where an array is fetched ({@link #f()},
 * {@link #d()}): once per kernel call, or per element for {@link #get}/{@link #set}, where the JVM tests for null
 * anyway.
 */
final class Storage {
    private final boolean floats;
    /** The array: one of the two, the other null; both null once {@link #retire retired}. */
    private float[] f;
    private double[] d;
    private int version;
    /** Packed GEMM forms of a leaf's storage (see {@link PackCache}); null until the leaf requires grad. */
    private PackCache packs;
    /** The arena that recycles this storage when it closes, or null when it is the GC's ({@link Arena}). */
    Arena arena;
    /** For the message after recycling: the shape it was allocated for and the first op that wrote it. */
    private final Shape shape;
    private String op;

    private Storage(float[] f, double[] d, Shape shape) {
        this.floats = f != null;
        this.f = f;
        this.d = d;
        this.shape = shape;
    }

    /** Wraps an array (float[] or double[]) that no other storage holds; it is never recycled. */
    static Storage wrap(Object array) {
        return array instanceof float[] fa ? new Storage(fa, null, null) : new Storage(null, (double[]) array, null);
    }

    /**
     * Storage for a tensor of {@code shape} from the thread's {@link BufferPool}, zero-filled when {@code zeroed};
     * the innermost open {@link Arena} (a step scope, a backward sweep) recycles it when it closes.
     */
    static Storage allocate(DType dtype, Shape shape, boolean zeroed) {
        BufferPool pool = BufferPool.current();
        int n = shape.numel();
        Storage s = dtype == DType.FLOAT32 ? new Storage(pool.floats(n, zeroed), null, shape)
                : new Storage(null, pool.doubles(n, zeroed), shape);
        pool.note(s);
        return s;
    }

    /** n zeros in a new array that is never pooled (for arrays handed to the caller). */
    static Storage fresh(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? new Storage(new float[n], null, null) : new Storage(null, new double[n], null);
    }

    DType dtype() {
        return floats ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** Names the op that made this storage, for the message should it be read after recycling (first op wins). */
    void madeBy(String name) {
        if (op == null) {
            op = name;
        }
    }

    // ---------------------------------------------------------------- the arrays, checked once per fetch

    /**
     * The float array; throws once the storage is recycled. Every read and write of the elements goes through
     * this or {@link #d()}: one null check per kernel call or element access, where the JVM checks null anyway.
     */
    private float[] f() {
        float[] a = f;
        if (a == null) {
            throw recycled();
        }
        return a;
    }

    private double[] d() {
        double[] a = d;
        if (a == null) {
            throw recycled();
        }
        return a;
    }

    boolean isRetired() {
        return f == null && d == null;
    }

    /**
     * Detaches the array so that nothing can reach it through this storage any more and returns it for the
     * pool; null when already retired (an arena and a node's release may both try).
     */
    Object retire() {
        Object a = floats ? f : d;
        f = null;
        d = null;
        arena = null;
        return a;
    }

    /** Retires this storage and gives its array to the thread's pool: the caller vouches nothing reads it any more. */
    void recycle() {
        Object a = retire();
        if (a != null) {
            BufferPool.current().give(a);
        }
    }

    IllegalStateException recycled() {
        return new IllegalStateException((op != null ? "the output of " + op : "a tensor") + (shape != null ? " "
                + shape : "") + " " + dtype() + " can no longer be read or written: its storage was recycled when the"
                + " step scope that created it closed (Grad.step()). Read what you need inside the scope (item(),"
                + " toFloatArray(), toDoubleArray()), or keep the tensor with step.keep(t) before the scope closes");
    }

    /** The array itself (float[] or double[]), for the kernels that take either. */
    Object array() {
        return floats ? f() : d();
    }

    int length() {
        return floats ? f().length : d().length;
    }

    int version() {
        return version;
    }

    /** Lets products that read this storage as B cache its packed form (a leaf that requires grad: a parameter). */
    void cachePacked() {
        if (packs == null) {
            packs = new PackCache();
        }
    }

    /** The packed-form cache, or null (for tests). */
    PackCache packCache() {
        return packs;
    }

    void bump() {
        version++;
    }

    double get(int i) {
        return floats ? f()[i] : d()[i];
    }

    void set(int i, double v) {
        if (floats) {
            f()[i] = (float) v;
        } else {
            d()[i] = v;
        }
    }

    // ---------------------------------------------------------------- kernel dispatch (whole arrays)

    void fill(double v) {
        if (floats) Arrays.fill(f(), (float) v); else Arrays.fill(d(), v);
    }

    /** out := op(this) elementwise over the whole arrays (out may be this). */
    void unary(UnaryOp op, Storage out, double p, double q) {
        if (floats) Unary.apply(op, f(), out.f(), p, q); else Unary.apply(op, d(), out.d(), p, q);
    }

    /** out := a op b, each operand read at its offset through its strides over {@code outDims}. */
    static void binary(BinaryOp op, Storage a, int aOff, int[] as, Storage b, int bOff, int[] bs, Storage out,
                       int[] outDims) {
        if (out.floats) {
            Binary.apply(op, a.f(), aOff, as, b.f(), bOff, bs, out.f(), outDims);
        } else {
            Binary.apply(op, a.d(), aOff, as, b.d(), bOff, bs, out.d(), outDims);
        }
    }

    /** C (at cOff) = or += op(A)·op(B), see {@link MatMul#gemm}. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, Storage a, int ao, Storage b, int bo, Storage c,
                     int co, boolean accumulate) {
        PackedMatrix packed = b.packs != null && MatMul.packs(m, n, k) ? b.packs.lookup(b, tb, bo, k, n) : null;
        if (packed != null) {
            if (c.floats) {
                MatMul.gemm(ta, m, n, k, a.f(), ao, packed, c.f(), co, accumulate);
            } else {
                MatMul.gemm(ta, m, n, k, a.d(), ao, packed, c.d(), co, accumulate);
            }
            return;
        }
        if (c.floats) {
            MatMul.gemm(ta, tb, m, n, k, a.f(), ao, b.f(), bo, c.f(), co, accumulate);
        } else {
            MatMul.gemm(ta, tb, m, n, k, a.d(), ao, b.d(), bo, c.d(), co, accumulate);
        }
    }

    void softmax(Storage out, int outer, int n, int inner, boolean log) {
        if (floats) Softmax.apply(f(), out.f(), outer, n, inner, log); else Softmax.apply(d(), out.d(), outer, n, inner, log);
    }

    /** out := the sum (zeros in out first) or max over the middle axis of this viewed as [outer, r, inner]. */
    void reduce(boolean max, int outer, int r, int inner, Storage out) {
        if (floats) {
            if (max) Reduce.max(f(), outer, r, inner, out.f()); else Reduce.sum(f(), outer, r, inner, out.f());
        } else {
            if (max) Reduce.max(d(), outer, r, inner, out.d()); else Reduce.sum(d(), outer, r, inner, out.d());
        }
    }

    /** this += src over the whole (equal-length) arrays. */
    void addInto(Storage src) {
        if (floats) Binary.addInto(f(), src.f()); else Binary.addInto(d(), src.d());
    }

    /** this[i] := this[i] * factor for i in [off, off + n). */
    void scale(int off, int n, double factor) {
        if (floats) { // float arithmetic, one loop per dtype: the JIT vectorises it (optimizer steps)
            float[] fa = f();
            float a = (float) factor;
            for (int i = off; i < off + n; i++) fa[i] *= a;
        } else {
            double[] da = d();
            for (int i = off; i < off + n; i++) da[i] *= factor;
        }
    }

    /** this[off + i] += alpha * src[srcOff + i] for i in [0, n). */
    void axpy(int off, int n, double alpha, Storage src, int srcOff) {
        if (floats) {
            float[] fa = f();
            float[] sa = src.f();
            float a = (float) alpha;
            for (int i = 0; i < n; i++) fa[off + i] += a * sa[srcOff + i];
        } else {
            double[] da = d();
            double[] sa = src.d();
            for (int i = 0; i < n; i++) da[off + i] += alpha * sa[srcOff + i];
        }
    }

    /** n elements from this at {@code off} into {@code out} (of either dtype) at {@code outOff}, converting. */
    void convertInto(int off, Storage out, int outOff, int n) {
        if (floats && out.floats) {
            System.arraycopy(f(), off, out.f(), outOff, n);
        } else if (!floats && !out.floats) {
            System.arraycopy(d(), off, out.d(), outOff, n);
        } else if (floats) {
            float[] src = f();
            double[] dst = out.d();
            for (int i = 0; i < n; i++) dst[outOff + i] = src[off + i];
        } else {
            double[] src = d();
            float[] dst = out.f();
            for (int i = 0; i < n; i++) dst[outOff + i] = (float) src[off + i];
        }
    }

    /** "NaN" or "Inf" for the first non-finite value in [off, off + n), or null when all are finite. */
    String nonFinite(int off, int n) {
        Object a = array();
        for (int i = off; i < off + n; i++) {
            double v = floats ? ((float[]) a)[i] : ((double[]) a)[i];
            if (!Double.isFinite(v)) {
                return Double.isNaN(v) ? "NaN" : "Inf";
            }
        }
        return null;
    }
}
