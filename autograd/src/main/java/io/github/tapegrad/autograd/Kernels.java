package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Binary;

/** The few kernel calls the tape itself needs (anomaly scans and in-place accumulation). */
final class Kernels {
    private Kernels() {
    }

    /** "NaN" or "Inf" for the first non-finite value in t, or null when all are finite. */
    static String nonFinite(Tensor t) {
        if (t.f != null) {
            for (float v : t.f) {
                if (!Float.isFinite(v)) {
                    return Float.isNaN(v) ? "NaN" : "Inf";
                }
            }
        } else {
            for (double v : t.d) {
                if (!Double.isFinite(v)) {
                    return Double.isNaN(v) ? "NaN" : "Inf";
                }
            }
        }
        return null;
    }

    /** dst += src for tensors of one shape and dtype; dst's buffer must be exclusively ours. */
    static void addInto(Tensor dst, Tensor src) {
        if (dst.f != null) {
            Binary.addInto(dst.f, src.f);
        } else {
            Binary.addInto(dst.d, src.d);
        }
    }
}
