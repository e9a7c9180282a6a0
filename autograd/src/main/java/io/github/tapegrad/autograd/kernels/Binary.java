package io.github.tapegrad.autograd.kernels;

/**
 * Elementwise kernels of two arrays with NumPy broadcasting given as strides (see {@link Broadcast}); each dtype
 * runs its copy of one source, {@link BinaryLoopsF64} (the float32 class is generated from it).
 */
public final class Binary {
    private Binary() {
    }

    public static void apply(BinaryOp op, float[] a, int[] as, float[] b, int[] bs, float[] out, int[] outDims) {
        BinaryLoopsF32.apply(op, a, 0, as, b, 0, bs, out, outDims);
    }

    /** The same with each operand starting at its offset (strided views of larger arrays). */
    public static void apply(BinaryOp op, float[] a, int aOff, int[] as, float[] b, int bOff, int[] bs, float[] out,
                             int[] outDims) {
        BinaryLoopsF32.apply(op, a, aOff, as, b, bOff, bs, out, outDims);
    }

    public static void apply(BinaryOp op, double[] a, int[] as, double[] b, int[] bs, double[] out, int[] outDims) {
        BinaryLoopsF64.apply(op, a, 0, as, b, 0, bs, out, outDims);
    }

    /** The same with each operand starting at its offset (strided views of larger arrays). */
    public static void apply(BinaryOp op, double[] a, int aOff, int[] as, double[] b, int bOff, int[] bs, double[] out,
                             int[] outDims) {
        BinaryLoopsF64.apply(op, a, aOff, as, b, bOff, bs, out, outDims);
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
        BinaryLoopsF32.addInto(dst, src);
    }

    public static void addInto(double[] dst, double[] src) {
        BinaryLoopsF64.addInto(dst, src);
    }
}
