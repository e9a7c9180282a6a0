package io.github.tapegrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API activations; loaded reflectively only when jdk.incubator.vector is present.
 *
 * <p>exp is computed from IEEE arithmetic alone (range reduction by ln 2, a degree-6 polynomial, the
 * exponent set through the bits) rather than with the lanewise EXP operator: that operator's result
 * depends on whether the JIT has compiled the loop yet (SIMD math stubs vs the per-lane Java
 * fallback), which would make training runs differ in the last bit from one run to the next. Plain
 * arithmetic rounds identically in every tier. Accuracy: exp and sigmoid within 3 ulp, tanh within 4 ulp
 * of the correctly rounded float.
 *
 * <h2>Why the work is cut into passes</h2>
 * C2 turns Vector API calls into SIMD instructions only while the method it compiles stays within its
 * inlining budget; calls past the budget stay out of line, run the per-lane Java fallback and box every
 * vector, an allocation per vector. One loop doing all of exp (about 30 vector operations) sat at the
 * edge: in some runs its last operations missed the budget (measured: 8.6 to 90 MB allocated per config
 * A training step, and up to a third off the step rate). So each activation is a short sequence of
 * passes over whole arrays, each pass at most about 17 vector operations, and the passes are called
 * through one megamorphic call site ({@link #run}), which C2 never inlines: every pass is compiled on its
 * own, well within budget, however its callers are compiled. Further rules, each from a measured boxing:
 * no vector crosses a method boundary; no vector flows through a branch (-2|x| is min(-2x, 2x)); no
 * reinterpretation of the input's bits; no blends for special values (clamping to [LO_X, HI_X] makes the
 * arithmetic itself give +inf and 0, and max/min keep NaN). The passes run block by block over
 * per-thread scratch copies, so the extra passes run from cache whatever the tensor's size. Tails use the lanes' own arithmetic, so an
 * element's result does not depend on its position in the array.
 */
final class VectorActivations implements Activations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding 1.5·2^23 rounds to an integer n and leaves n in the float's low bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Clamp bounds: every argument above HI_X overflows to +inf, every argument below LO_X underflows to 0. */
    private static final float HI_X = 89f;
    private static final float LO_X = -110f;

    /** One vectorised pass over whole arrays (tail included); which arrays it reads and writes is its own. */
    private abstract static class Pass {
        /**
         * @param x the activation's input
         * @param y scratch: the working array (e^arg is built here)
         * @param t scratch: the rounded exponent, as {@link #ROUNDER} + n
         * @param out the activation's output
         * @param o where the block starts in x and out (y and t are block-sized scratch, from 0)
         * @param n how many elements
         * @param a the exponent's argument is min(a·x, b·x)
         * @param b see a
         */
        abstract void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b);
    }

    private static final Pass[] EXP = {new Reduce(), new Polynomial(), new Scale()};
    private static final Pass[] SIGMOID = {EXP[0], EXP[1], EXP[2], new Reciprocal()};
    private static final Pass[] TANH = {EXP[0], EXP[1], EXP[2], new TanhRatio(), new TanhFinish()};

    /**
     * Elements per block: the passes run block by block, x and out in place and the working arrays in
     * per-thread scratch (2 × 16 KB, L1-resident), so the scratch stays small whatever the tensor's size.
     */
    private static final int BLOCK = 4096;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][BLOCK]);

    public VectorActivations() {
    }

    @Override
    public void exp(float[] x, float[] out) {
        run(EXP, x, out, true, 1f, 1f);
    }

    @Override
    public void sigmoid(float[] x, float[] out) {
        run(SIGMOID, x, out, false, -1f, -1f); // 1 / (1 + e^-x)
    }

    @Override
    public void tanh(float[] x, float[] out) {
        run(TANH, x, out, false, -2f, 2f); // from e^(-2|x|) = e^min(-2x, 2x)
    }

    /**
     * The one call site of every pass: it sees all of them, so C2 dispatches instead of inlining.
     * {@code copyOut}: the last pass leaves its result in y (exp), to be copied to out.
     */
    private static void run(Pass[] passes, float[] x, float[] out, boolean copyOut, float a, float b) {
        float[][] s = SCRATCH.get();
        float[] y = s[0];
        float[] t = s[1];
        for (int from = 0; from < x.length; from += BLOCK) {
            int n = Math.min(BLOCK, x.length - from);
            for (Pass p : passes) {
                p.run(x, y, t, out, from, n, a, b);
            }
            if (copyOut) {
                System.arraycopy(y, 0, out, from, n);
            }
        }
    }

    /** y = r and t = ROUNDER + n, with arg = n·ln2 + r, |r| ≤ ln2/2, arg = min(a·x, b·x) clamped. */
    private static final class Reduce extends Pass {
        @Override
        void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, o + i);
                FloatVector xc = v.mul(a).min(v.mul(b)).max(LO_X).min(HI_X);
                FloatVector tv = xc.mul(LOG2E).add(ROUNDER);
                FloatVector k = tv.sub(ROUNDER);
                tv.intoArray(t, i);
                xc.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO)).intoArray(y, i);
            }
            for (int i = bound; i < n; i++) {
                float xc = Math.min(Math.max(Math.min(a * x[o + i], b * x[o + i]), LO_X), HI_X);
                t[i] = xc * LOG2E + ROUNDER;
                float k = t[i] - ROUNDER;
                y[i] = xc - k * LN2_HI - k * LN2_LO;
            }
        }
    }

    /** y = e^y on [-ln2/2, ln2/2] (Cephes expf coefficients). */
    private static final class Polynomial extends Pass {
        @Override
        void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector r = FloatVector.fromArray(S, y, i);
                FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
                p = p.mul(r).add(8.3334519073e-3f);
                p = p.mul(r).add(4.1665795894e-2f);
                p = p.mul(r).add(1.6666665459e-1f);
                p = p.mul(r).add(5.0000001201e-1f);
                p.mul(r.mul(r)).add(r).add(1f).intoArray(y, i);
            }
            for (int i = bound; i < n; i++) {
                float r = y[i];
                float p = r * 1.9875691500e-4f + 1.3981999507e-3f;
                p = p * r + 8.3334519073e-3f;
                p = p * r + 4.1665795894e-2f;
                p = p * r + 1.6666665459e-1f;
                p = p * r + 5.0000001201e-1f;
                y[i] = p * (r * r) + r + 1f;
            }
        }
    }

    /** y = y · 2^n as y · 2^(n>>1) · 2^(n - (n>>1)): both factors stay normal floats for n in [-159, 128]. */
    private static final class Scale extends Pass {
        @Override
        void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                IntVector k = FloatVector.fromArray(S, t, i).reinterpretAsInts().sub(ROUNDER_BITS);
                IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
                IntVector k2 = k.sub(k1);
                FloatVector.fromArray(S, y, i)
                        .mul(k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                        .mul(k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                        .intoArray(y, i);
            }
            for (int i = bound; i < n; i++) {
                int k = Float.floatToRawIntBits(t[i]) - ROUNDER_BITS;
                int k1 = k >> 1;
                y[i] = y[i] * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
            }
        }
    }

    /** out = 1 / (1 + y): sigmoid from y = e^-x (y = +inf gives exactly 0). */
    private static final class Reciprocal extends Pass {
        @Override
        void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, y, i).add(1f)).intoArray(out, o + i);
            }
            for (int i = bound; i < n; i++) {
                out[o + i] = 1f / (1f + y[i]);
            }
        }
    }

    /** y = (1 - y) / (1 + y): tanh|x| for large |x| from y = e^(-2|x|). */
    private static final class TanhRatio extends Pass {
        @Override
        void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector e = FloatVector.fromArray(S, y, i);
                e.neg().add(1f).div(e.add(1f)).intoArray(y, i);
            }
            for (int i = bound; i < n; i++) {
                y[i] = (1f - y[i]) / (1f + y[i]);
            }
        }
    }

    /** out = tanh(x): y for |x| ≥ 1/8, else the odd Taylor series (no cancellation); x's sign; NaN kept. */
    private static final class TanhFinish extends Pass {
        @Override
        void run(float[] x, float[] y, float[] t, float[] out, int o, int n, float a, float b) {
            int bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, o + i);
                FloatVector m = v.abs();
                FloatVector m2 = m.mul(m);
                FloatVector small = m2.mul(-17f / 315f).add(2f / 15f).mul(m2).add(-1f / 3f).mul(m2).mul(m).add(m);
                FloatVector r = FloatVector.fromArray(S, y, i).blend(small, m.compare(VectorOperators.LT, 0.125f));
                r.blend(r.neg(), v.compare(VectorOperators.LT, 0f)).intoArray(out, o + i);
            }
            for (int i = bound; i < n; i++) { // the lanes' formula, so results do not depend on position
                float m = Math.abs(x[o + i]);
                float m2 = m * m;
                float r = m < 0.125f ? (((m2 * (-17f / 315f) + 2f / 15f) * m2 + -1f / 3f) * m2) * m + m : y[i];
                out[o + i] = x[o + i] < 0f ? -r : r;
            }
        }
    }
}
