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
 */
final class Storage {
    private final float[] f;
    private final double[] d;
    private int version;
    /** Packed GEMM forms of a leaf's storage (see {@link PackCache}); null until the leaf requires grad. */
    private PackCache packs;

    private Storage(float[] f, double[] d) {
        this.f = f;
        this.d = d;
    }

    /** Wraps an array (float[] or double[]) that no other storage holds. */
    static Storage wrap(Object array) {
        return array instanceof float[] fa ? new Storage(fa, null) : new Storage(null, (double[]) array);
    }

    /** n elements from the thread's {@link BufferPool}, zero-filled when {@code zeroed}. */
    static Storage allocate(DType dtype, int n, boolean zeroed) {
        BufferPool pool = BufferPool.current();
        return dtype == DType.FLOAT32 ? new Storage(pool.floats(n, zeroed), null)
                : new Storage(null, pool.doubles(n, zeroed));
    }

    /** n zeros in a new array that is never pooled (for arrays handed to the caller). */
    static Storage fresh(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? new Storage(new float[n], null) : new Storage(null, new double[n]);
    }

    DType dtype() {
        return f != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The array itself (float[] or double[]), for the kernels that take either. */
    Object array() {
        return f != null ? f : d;
    }

    int length() {
        return f != null ? f.length : d.length;
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
        return f != null ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (f != null) {
            f[i] = (float) v;
        } else {
            d[i] = v;
        }
    }

    // ---------------------------------------------------------------- kernel dispatch (whole arrays)

    void fill(double v) {
        if (f != null) Arrays.fill(f, (float) v); else Arrays.fill(d, v);
    }

    /** out := op(this) elementwise over the whole arrays (out may be this). */
    void unary(UnaryOp op, Storage out, double p, double q) {
        if (f != null) Unary.apply(op, f, out.f, p, q); else Unary.apply(op, d, out.d, p, q);
    }

    /** out := a op b, each operand read at its offset through its strides over {@code outDims}. */
    static void binary(BinaryOp op, Storage a, int aOff, int[] as, Storage b, int bOff, int[] bs, Storage out,
                       int[] outDims) {
        if (out.f != null) {
            Binary.apply(op, a.f, aOff, as, b.f, bOff, bs, out.f, outDims);
        } else {
            Binary.apply(op, a.d, aOff, as, b.d, bOff, bs, out.d, outDims);
        }
    }

    /** C (at cOff) = or += op(A)·op(B), see {@link MatMul#gemm}. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, Storage a, int ao, Storage b, int bo, Storage c,
                     int co, boolean accumulate) {
        PackedMatrix packed = b.packs != null && MatMul.packs(m, n, k) ? b.packs.lookup(b, tb, bo, k, n) : null;
        if (packed != null) {
            if (c.f != null) {
                MatMul.gemm(ta, m, n, k, a.f, ao, packed, c.f, co, accumulate);
            } else {
                MatMul.gemm(ta, m, n, k, a.d, ao, packed, c.d, co, accumulate);
            }
            return;
        }
        if (c.f != null) {
            MatMul.gemm(ta, tb, m, n, k, a.f, ao, b.f, bo, c.f, co, accumulate);
        } else {
            MatMul.gemm(ta, tb, m, n, k, a.d, ao, b.d, bo, c.d, co, accumulate);
        }
    }

    void softmax(Storage out, int outer, int n, int inner, boolean log) {
        if (f != null) Softmax.apply(f, out.f, outer, n, inner, log); else Softmax.apply(d, out.d, outer, n, inner, log);
    }

    /** Sum or max over the middle axis of this viewed as [outer, r, inner]: a new [outer, inner] storage. */
    Storage reduce(boolean max, int outer, int r, int inner) {
        if (f != null) {
            return wrap(max ? Reduce.max(f, outer, r, inner) : Reduce.sum(f, outer, r, inner));
        }
        return wrap(max ? Reduce.max(d, outer, r, inner) : Reduce.sum(d, outer, r, inner));
    }

    /** this += src over the whole (equal-length) arrays. */
    void addInto(Storage src) {
        if (f != null) Binary.addInto(f, src.f); else Binary.addInto(d, src.d);
    }

    /** this[i] := this[i] * factor for i in [off, off + n). */
    void scale(int off, int n, double factor) {
        if (f != null) { // float arithmetic, one loop per dtype: the JIT vectorises it (optimizer steps)
            float a = (float) factor;
            for (int i = off; i < off + n; i++) f[i] *= a;
        } else {
            for (int i = off; i < off + n; i++) d[i] *= factor;
        }
    }

    /** this[off + i] += alpha * src[srcOff + i] for i in [0, n). */
    void axpy(int off, int n, double alpha, Storage src, int srcOff) {
        if (f != null) {
            float a = (float) alpha;
            for (int i = 0; i < n; i++) f[off + i] += a * src.f[srcOff + i];
        } else {
            for (int i = 0; i < n; i++) d[off + i] += alpha * src.d[srcOff + i];
        }
    }

    /** n elements from this at {@code off} into {@code out} (of either dtype) at {@code outOff}, converting. */
    void convertInto(int off, Storage out, int outOff, int n) {
        if (f != null && out.f != null) {
            System.arraycopy(f, off, out.f, outOff, n);
        } else if (d != null && out.d != null) {
            System.arraycopy(d, off, out.d, outOff, n);
        } else if (f != null) {
            for (int i = 0; i < n; i++) out.d[outOff + i] = f[off + i];
        } else {
            for (int i = 0; i < n; i++) out.f[outOff + i] = (float) d[off + i];
        }
    }

    /** "NaN" or "Inf" for the first non-finite value in [off, off + n), or null when all are finite. */
    String nonFinite(int off, int n) {
        for (int i = off; i < off + n; i++) {
            double v = f != null ? f[i] : d[i];
            if (!Double.isFinite(v)) {
                return Double.isNaN(v) ? "NaN" : "Inf";
            }
        }
        return null;
    }
}
