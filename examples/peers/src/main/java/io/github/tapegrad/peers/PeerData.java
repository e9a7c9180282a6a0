package io.github.tapegrad.peers;

/**
 * The starting point every peer shares: initial parameters (PyTorch's default init, uniform ±1/√H), the tokens and
 * targets of A, the normal input and initial state of B. Drawn from a counter-based generator (SplitMix64's
 * finaliser of stream·φ + index) that examples/peers/peerdata.py reproduces bit for bit in NumPy, so the Java and
 * Python peers start from the same numbers and their first-step checks can be compared. (tapegrad's own bench
 * draws its data with java.util.Random; only timings are compared with it.)
 */
final class PeerData {
    static final int W_IH = 0;
    static final int W_HH = 1;
    static final int B_IH = 2;
    static final int B_HH = 3;
    static final int HEAD_W = 4;
    static final int HEAD_B = 5;
    static final int TOKENS = 6;
    static final int TARGETS = 7;
    static final int X = 8;
    static final int H0 = 9;
    static final int C0 = 10;

    private final long seed;

    PeerData(long seed) {
        this.seed = seed;
    }

    private long stream(int tensor) {
        return seed * 16 + tensor;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The i-th draw of a stream, uniform in [0, 1) with 24 bits. */
    static double uniform(long stream, long i) {
        return (mix(stream * 0x9e3779b97f4a7c15L + i) >>> 40) * 0x1p-24;
    }

    /** PyTorch's default LSTM and Linear init: uniform in [-k, k), k = 1/√fanIn (fanIn = H for both here). */
    float[] init(int tensor, int n, int fanIn) {
        double k = 1 / Math.sqrt(fanIn);
        long s = stream(tensor);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((2 * uniform(s, i) - 1) * k);
        }
        return out;
    }

    /** Standard normal by Box–Muller on draws 2i and 2i+1. */
    float[] normal(int tensor, int n) {
        long s = stream(tensor);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = uniform(s, 2L * i);
            double u2 = uniform(s, 2L * i + 1);
            out[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return out;
    }

    /** Integers uniform in [0, bound). */
    long[] ints(int tensor, int n, int bound) {
        long s = stream(tensor);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (long) (uniform(s, i) * bound);
        }
        return out;
    }
}
