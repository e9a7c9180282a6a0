package io.github.tapegrad.autograd;

/** The few kernel calls the tape itself needs (anomaly scans and in-place accumulation). */
final class Kernels {
    private Kernels() {
    }

    /** "NaN" or "Inf" for the first non-finite value in t, or null when all are finite. */
    static String nonFinite(Tensor t) {
        Tensor c = Shaping.contiguous(t);
        return c.storage.nonFinite(c.offset, c.numel());
    }

    /** dst += src for tensors of one shape and dtype; dst's buffer must be dense and exclusively ours. */
    static void addInto(Tensor dst, Tensor src) {
        dst.storage.addInto(Shaping.dense(src).storage);
    }
}
