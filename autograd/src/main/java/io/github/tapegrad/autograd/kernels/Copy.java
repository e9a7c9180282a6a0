package io.github.tapegrad.autograd.kernels;

/** Data movement: strided gathers, slabs along an axis, index selection and its adjoint. Any dtype. */
public final class Copy {
    private Copy() {
    }

    /** out[i] = src[offset of i read through {@code srcStrides} over {@code outDims}]. */
    public static void strided(Object src, int[] srcStrides, Object out, int[] outDims) {
        strided(src, 0, srcStrides, out, outDims);
    }

    /** The same reading src from {@code srcOffset}: materialises a strided view of src into out. */
    public static void strided(Object src, int srcOffset, int[] srcStrides, Object out, int[] outDims) {
        int total = java.lang.reflect.Array.getLength(out);
        if (total == 0) {
            return;
        }
        int rank = outDims.length;
        if (rank <= 2) { // rows and columns: no iterator object (views of matrices are most of a training step's)
            int n = rank == 0 ? 1 : outDims[rank - 1];
            int s = rank == 0 ? 0 : srcStrides[rank - 1];
            int rowStride = rank == 2 ? srcStrides[0] : 0;
            for (int o = 0, so = srcOffset; o < total; o += n, so += rowStride) {
                row(src, so, s, out, o, n);
            }
            return;
        }
        Broadcast it = new Broadcast(outDims, srcStrides);
        it.offsets[0] = srcOffset;
        int n = it.rowLength();
        int s = it.rowStride(0);
        for (int o = 0; o < total; o += n, it.next()) {
            row(src, it.offsets[0], s, out, o, n);
        }
    }

    private static void row(Object src, int so, int s, Object out, int o, int n) {
        if (s == 1) {
            System.arraycopy(src, so, out, o, n);
        } else if (out instanceof float[] of) {
            float[] sf = (float[]) src;
            for (int j = 0; j < n; j++) of[o + j] = sf[so + j * s];
        } else {
            double[] od = (double[]) out;
            double[] sd = (double[]) src;
            for (int j = 0; j < n; j++) od[o + j] = sd[so + j * s];
        }
    }

    /**
     * Copies slab [start, start+len) of the middle axis of src [outer, srcMid, inner] into the middle axis
     * of dst [outer, dstMid, inner] at {@code dstStart}.
     */
    public static void slab(Object src, int srcMid, int start, Object dst, int dstMid, int dstStart,
                            int outer, int len, int inner) {
        int run = len * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, (o * srcMid + start) * inner, dst, (o * dstMid + dstStart) * inner, run);
        }
    }

    /** dst[o, k, :] = src[o, idx[k], :] for src [outer, srcMid, inner]. */
    public static void indexSelect(Object src, int srcMid, int[] idx, Object dst, int outer, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(src, (o * srcMid + idx[k]) * inner, dst, (o * idx.length + k) * inner, inner);
            }
        }
    }

    /** dst[o, idx[k], :] += src[o, k, :]: the adjoint of {@link #indexSelect}. */
    public static void indexAdd(Object src, int[] idx, Object dst, int dstMid, int outer, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                int s = (o * idx.length + k) * inner;
                int d = (o * dstMid + idx[k]) * inner;
                if (dst instanceof float[] df) {
                    float[] sf = (float[]) src;
                    for (int j = 0; j < inner; j++) df[d + j] += sf[s + j];
                } else {
                    double[] dd = (double[]) dst;
                    double[] sd = (double[]) src;
                    for (int j = 0; j < inner; j++) dd[d + j] += sd[s + j];
                }
            }
        }
    }

    /**
     * Gather along the middle axis: out[o, k, j] = src[o, idx[o, k, j], j] with src [outer, srcMid, inner]
     * and idx/out [outer, mid, inner]; {@code add} makes it the adjoint scatter-add into {@code src}.
     */
    public static void gather(Object src, int srcMid, int[] idx, Object out, int outer, int mid, int inner,
                              boolean scatterAdd) {
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < mid; k++) {
                for (int j = 0; j < inner; j++) {
                    int p = (o * mid + k) * inner + j;
                    int s = (o * srcMid + idx[p]) * inner + j;
                    if (out instanceof float[] of) {
                        float[] sf = (float[]) src;
                        if (scatterAdd) sf[s] += of[p]; else of[p] = sf[s];
                    } else {
                        double[] od = (double[]) out;
                        double[] sd = (double[]) src;
                        if (scatterAdd) sd[s] += od[p]; else od[p] = sd[s];
                    }
                }
            }
        }
    }
}
