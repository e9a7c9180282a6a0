package io.github.tapegrad.autograd.kernels;

/**
 * Elementwise binary kernels in double (one source for both dtypes, see pom.xml): operands broadcast by strides
 * from their offsets; the hot cases (arithmetic over contiguous rows, or against one repeated value) have their
 * own loops.
 */
@SuppressWarnings("cast") // the (double) casts are redundant here and needed in the generated float32 copy
final class BinaryLoopsF64 {
    private BinaryLoopsF64() {
    }

    /** out = a op b, each operand read from its offset with its broadcast strides. */
    static void apply(BinaryOp op, double[] a, int aOff, int[] as, double[] b, int bOff, int[] bs, double[] out,
                             int[] outDims) {
        if (out.length == 0) {
            return;
        }
        if (aOff == 0 && bOff == 0 && a.length == out.length && b.length == out.length
                && Broadcast.rowMajor(as, outDims) && Broadcast.rowMajor(bs, outDims) && flatRow(op, a, b, out)) {
            return;
        }
        int rank = outDims.length;
        if (rank <= 2) { // rows and columns: no iterator object
            int n = rank == 0 ? 1 : outDims[rank - 1];
            int sa = rank == 0 ? 0 : as[rank - 1];
            int sb = rank == 0 ? 0 : bs[rank - 1];
            int ra = rank == 2 ? as[0] : 0;
            int rb = rank == 2 ? bs[0] : 0;
            for (int o = 0, ao = aOff, bo = bOff; o < out.length; o += n, ao += ra, bo += rb) {
                row(op, a, ao, sa, b, bo, sb, out, o, n);
            }
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
            out[oo + j] = (double) Binary.scalar(op, a[ao + j * sa], b[bo + j * sb]);
        }
    }

    /**
     * The hot ops over whole same-length arrays, indexed by plain i: C2 vectorises these loops, but not
     * the per-row loops with offsets (about 0.09 vs 0.5 ns per element here). False for other ops.
     */
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

    /** dst += src, same length (plain indices, so C2 vectorises it). */
    static void addInto(double[] dst, double[] src) {
        for (int i = 0; i < dst.length; i++) dst[i] += src[i];
    }
}
