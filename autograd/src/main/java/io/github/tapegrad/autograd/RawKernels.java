package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.MatMul;
import io.github.tapegrad.autograd.kernels.PackedMatrix;
import io.github.tapegrad.autograd.kernels.Unary;
import io.github.tapegrad.autograd.kernels.UnaryOp;

/**
 * The kernels tensors run on, over raw row-major arrays, for hand-written fused code that is to be measured
 * against autograd on equal terms (the examples' bench keeps such a yardstick: an LSTM with its backward derived
 * by hand). Nothing here records on the tape or checks more than the array bounds; tensor code never needs it.
 */
public final class RawKernels {
    private RawKernels() {
    }

    /**
     * {@code C[m×n] = op(A)·op(B)}, or {@code C += op(A)·op(B)} when {@code accumulate}; A is stored [m×k] at
     * {@code aOff} (or [k×m] when {@code transA}), B [k×n] at {@code bOff} (or [n×k] when {@code transB}), C [m×n]
     * at {@code cOff}, all row-major. Same kernels, threads and bits as {@link Tensor#matmul}.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, float[] b,
                            int bOff, float[] c, int cOff, boolean accumulate) {
        MatMul.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** The float64 version of {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int, boolean)}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, double[] b,
                            int bOff, double[] c, int cOff, boolean accumulate) {
        MatMul.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /**
     * A matrix op(B) packed once for many products ({@link #pack}), as autograd packs a weight that requires grad for
     * the T steps of a sequence. Opaque; it does not follow later writes to the source array (pack again).
     */
    public static final class PackedB {
        private final PackedMatrix packed;

        private PackedB(PackedMatrix packed) {
            this.packed = packed;
        }
    }

    /** Whether {@link #pack} is available for an [m×k]·[k×n] product (the kernels in use pre-pack, not a tiny one). */
    public static boolean packs(int m, int n, int k) {
        return MatMul.packs(m, n, k);
    }

    /**
     * op(B) [k×n] (stored as in {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int,
     * boolean)}) packed for {@link #gemm(boolean, int, int, int, float[], int, PackedB, float[], int, boolean)},
     * reusing {@code reuse}'s memory when it fits. Only when {@link #packs} is true.
     */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, PackedB reuse) {
        return new PackedB(MatMul.pack(transB, k, n, b, bOff, reuse == null ? null : reuse.packed));
    }

    /** The float64 version of {@link #pack(boolean, int, int, float[], int, PackedB)}. */
    public static PackedB pack(boolean transB, int k, int n, double[] b, int bOff, PackedB reuse) {
        return new PackedB(MatMul.pack(transB, k, n, b, bOff, reuse == null ? null : reuse.packed));
    }

    /** {@code C[m×n] (+)= op(A)·B} with B from {@link #pack}: the same bits as the unpacked product. */
    public static void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, PackedB b, float[] c, int cOff,
                            boolean accumulate) {
        MatMul.gemm(transA, m, n, k, a, aOff, b.packed, c, cOff, accumulate);
    }

    /** The float64 version of {@link #gemm(boolean, int, int, int, float[], int, PackedB, float[], int, boolean)}. */
    public static void gemm(boolean transA, int m, int n, int k, double[] a, int aOff, PackedB b, double[] c, int cOff,
                            boolean accumulate) {
        MatMul.gemm(transA, m, n, k, a, aOff, b.packed, c, cOff, accumulate);
    }

    /** x[i] := σ(x[i]) = 1 / (1 + e^(−x[i])), in place, as {@link Tensor#sigmoid} rounds it. */
    public static void sigmoid(float[] x) {
        Unary.apply(UnaryOp.SIGMOID, x, x, 0, 0);
    }

    /** The float64 version of {@link #sigmoid(float[])}. */
    public static void sigmoid(double[] x) {
        Unary.apply(UnaryOp.SIGMOID, x, x, 0, 0);
    }

    /** x[i] := tanh(x[i]), in place, as {@link Tensor#tanh} rounds it. */
    public static void tanh(float[] x) {
        Unary.apply(UnaryOp.TANH, x, x, 0, 0);
    }

    /** The float64 version of {@link #tanh(float[])}. */
    public static void tanh(double[] x) {
        Unary.apply(UnaryOp.TANH, x, x, 0, 0);
    }
}
