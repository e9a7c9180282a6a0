package io.github.tapegrad.autograd.kernels;

/**
 * Elementwise kernels of two arrays with NumPy broadcasting given as strides (see {@link Broadcast}).
 * The hot cases (arithmetic over contiguous rows, or against one repeated value) have their own loops.
 */
public final class Binary {
    private Binary() {
    }

    public static void apply(BinaryOp op, float[] a, int[] as, float[] b, int[] bs, float[] out, int[] outDims) {
        apply(op, a, 0, as, b, 0, bs, out, outDims);
    }

    /** The same with each operand starting at its offset (strided views of larger arrays). */
    public static void apply(BinaryOp op, float[] a, int aOff, int[] as, float[] b, int bOff, int[] bs, float[] out,
                             int[] outDims) {
        if (out.length == 0) {
            return;
        }
        if (aOff == 0 && bOff == 0 && a.length == out.length && b.length == out.length
                && Broadcast.rowMajor(as, outDims) && Broadcast.rowMajor(bs, outDims) && flatRow(op, a, b, out)) {
            return; // same shapes: one loop over whole arrays, which C2 vectorises (offset rows it does not)
        }
        Broadcast it = new Broadcast(outDims, as, bs);
        it.offsets[0] = aOff;
        it.offsets[1] = bOff;
        int n = it.rowLength();
        int sa = it.rowStride(0);
        int sb = it.rowStride(1);
        for (int o = 0; o < out.length; o += n, it.next()) {
            row(op, a, it.offsets[0], sa, b, it.offsets[1], sb, out, o, n);
        }
    }

    public static void apply(BinaryOp op, double[] a, int[] as, double[] b, int[] bs, double[] out, int[] outDims) {
        apply(op, a, 0, as, b, 0, bs, out, outDims);
    }

    /** The same with each operand starting at its offset (strided views of larger arrays). */
    public static void apply(BinaryOp op, double[] a, int aOff, int[] as, double[] b, int bOff, int[] bs, double[] out,
                             int[] outDims) {
        if (out.length == 0) {
            return;
        }
        if (aOff == 0 && bOff == 0 && a.length == out.length && b.length == out.length
                && Broadcast.rowMajor(as, outDims) && Broadcast.rowMajor(bs, outDims) && flatRow(op, a, b, out)) {
            return;
        }
        Broadcast it = new Broadcast(outDims, as, bs);
        it.offsets[0] = aOff;
        it.offsets[1] = bOff;
        int n = it.rowLength();
        int sa = it.rowStride(0);
        int sb = it.rowStride(1);
        for (int o = 0; o < out.length; o += n, it.next()) {
            row(op, a, it.offsets[0], sa, b, it.offsets[1], sb, out, o, n);
        }
    }

    private static void row(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] + b[bo + j]; return; }
                case SUB -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] - b[bo + j]; return; }
                case MUL -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * b[bo + j]; return; }
                case DIV -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] / b[bo + j]; return; }
                case SIGMOID_GRAD -> {
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * b[bo + j] * (1f - b[bo + j]);
                    return;
                }
                case TANH_GRAD -> {
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * (1f - b[bo + j] * b[bo + j]);
                    return;
                }
                default -> { }
            }
        } else if (sa == 1 && sb == 0) {
            float y = b[bo];
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] + y; return; }
                case SUB -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] - y; return; }
                case MUL -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * y; return; }
                case DIV -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] / y; return; }
                default -> { }
            }
        }
        for (int j = 0; j < n; j++) {
            out[oo + j] = (float) scalar(op, a[ao + j * sa], b[bo + j * sb]);
        }
    }

    private static void row(BinaryOp op, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] out, int oo, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] + b[bo + j]; return; }
                case SUB -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] - b[bo + j]; return; }
                case MUL -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * b[bo + j]; return; }
                case DIV -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] / b[bo + j]; return; }
                case SIGMOID_GRAD -> {
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * b[bo + j] * (1 - b[bo + j]);
                    return;
                }
                case TANH_GRAD -> {
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * (1 - b[bo + j] * b[bo + j]);
                    return;
                }
                default -> { }
            }
        } else if (sa == 1 && sb == 0) {
            double y = b[bo];
            switch (op) {
                case ADD -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] + y; return; }
                case SUB -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] - y; return; }
                case MUL -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] * y; return; }
                case DIV -> { for (int j = 0; j < n; j++) out[oo + j] = a[ao + j] / y; return; }
                default -> { }
            }
        }
        for (int j = 0; j < n; j++) {
            out[oo + j] = scalar(op, a[ao + j * sa], b[bo + j * sb]);
        }
    }

    /**
     * The hot ops over whole same-length arrays, indexed by plain i: C2 vectorises these loops, but not
     * the per-row loops with offsets (about 0.09 vs 0.5 ns per element here). False for other ops.
     */
    private static boolean flatRow(BinaryOp op, float[] a, float[] b, float[] out) {
        int n = out.length;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / b[i]; }
            case SIGMOID_GRAD -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i] * (1f - b[i]); }
            case TANH_GRAD -> { for (int i = 0; i < n; i++) out[i] = a[i] * (1f - b[i] * b[i]); }
            default -> { return false; }
        }
        return true;
    }

    private static boolean flatRow(BinaryOp op, double[] a, double[] b, double[] out) {
        int n = out.length;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / b[i]; }
            case SIGMOID_GRAD -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i] * (1 - b[i]); }
            case TANH_GRAD -> { for (int i = 0; i < n; i++) out[i] = a[i] * (1 - b[i] * b[i]); }
            default -> { return false; }
        }
        return true;
    }

    /** One element; float operands are widened, which is exact for these ops before rounding back. */
    static double scalar(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case EQ -> x == y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case SIGMOID_GRAD -> x * y * (1 - y);
            case TANH_GRAD -> x * (1 - y * y);
        };
    }

    /** out[i] = mask[i] != 0 ? a[i] : b[i], all three broadcast to {@code outDims}. */
    public static void where(Object mask, int[] ms, Object a, int[] as, Object b, int[] bs, Object out, int[] outDims) {
        int total = java.lang.reflect.Array.getLength(out);
        if (total == 0) {
            return;
        }
        Broadcast it = new Broadcast(outDims, ms, as, bs);
        int n = it.rowLength();
        int sm = it.rowStride(0);
        int sa = it.rowStride(1);
        int sb = it.rowStride(2);
        for (int o = 0; o < total; o += n, it.next()) {
            int mo = it.offsets[0];
            int ao = it.offsets[1];
            int bo = it.offsets[2];
            if (out instanceof float[] of) {
                float[] m = (float[]) mask;
                float[] x = (float[]) a;
                float[] y = (float[]) b;
                for (int j = 0; j < n; j++) of[o + j] = m[mo + j * sm] != 0 ? x[ao + j * sa] : y[bo + j * sb];
            } else {
                double[] od = (double[]) out;
                double[] m = (double[]) mask;
                double[] x = (double[]) a;
                double[] y = (double[]) b;
                for (int j = 0; j < n; j++) od[o + j] = m[mo + j * sm] != 0 ? x[ao + j * sa] : y[bo + j * sb];
            }
        }
    }

    /** dst += src, same length (plain indices, so C2 vectorises it). */
    public static void addInto(float[] dst, float[] src) {
        for (int i = 0; i < dst.length; i++) dst[i] += src[i];
    }

    public static void addInto(double[] dst, double[] src) {
        for (int i = 0; i < dst.length; i++) dst[i] += src[i];
    }
}
