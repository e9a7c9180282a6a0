package io.github.tapegrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API activations; loaded reflectively only when jdk.incubator.vector is present.
 *
 * <p>exp is computed here from IEEE arithmetic alone (range reduction by ln 2, a degree-6 polynomial,
 * the exponent set through the bits) rather than with the lanewise EXP operator: that operator's result
 * depends on whether the JIT has compiled the loop yet (SIMD math stubs vs the per-lane Java
 * fallback), which would make training runs differ in the last bit from one run to the next. Plain
 * arithmetic rounds identically in every tier. Accuracy: exp and sigmoid within 3 ulp, tanh within 4 ulp of the correctly rounded float.
 */
final class VectorActivations implements Activations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float MAX_X = 88.72283935546875f;
    private static final float MIN_X = -87.3365447505531f;
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    public VectorActivations() {
    }

    /**
     * out = e^(scale · x), or e^(scale · |x|); +inf above MAX_X, 0 below MIN_X, NaN stays NaN. The
     * exp is written inside the loop, not in a helper taking and returning vectors: C2 does not always
     * inline such a helper (not once it has compiled it large on its own), and a vector passed out of
     * line is boxed, an allocation per vector. The activations are short passes around this loop.
     */
    private static void expLoop(float[] x, float[] out, int bound, float scale, boolean abs) {
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector arg = (abs ? v.abs() : v).mul(scale);
            // e^arg, written inline: no vector value crosses a method boundary here, so nothing can box
            FloatVector xc = arg.max(MIN_X).min(MAX_X);
            // round arg·log2(e) to the nearest integer n by adding 1.5·2^23: the float's low bits are then n
            // (JDK 17 has no vector rounding, and its float-to-int conversion is not compiled to SIMD)
            FloatVector t = xc.mul(LOG2E).add(ROUNDER);
            FloatVector n = t.sub(ROUNDER);
            IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);
            FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            // e^r on [-ln2/2, ln2/2] (Cephes expf coefficients)
            FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
            p = p.mul(r).add(8.3334519073e-3f);
            p = p.mul(r).add(4.1665795894e-2f);
            p = p.mul(r).add(1.6666665459e-1f);
            p = p.mul(r).add(5.0000001201e-1f);
            p = p.mul(r.mul(r)).add(r).add(1f);
            // 2^n as 2^(n>>1) · 2^(n - (n>>1)): both factors stay normal floats for n in [-126, 128]
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector y = p.mul(n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            y = y.blend(Float.POSITIVE_INFINITY, arg.compare(VectorOperators.GT, MAX_X));
            y = y.blend(0f, arg.compare(VectorOperators.LT, MIN_X));
            y.blend(arg, arg.test(VectorOperators.IS_NAN)).intoArray(out, i);
        }
    }

    @Override
    public void exp(float[] x, float[] out) {
        int n = x.length;
        int bound = S.loopBound(n);
        expLoop(x, out, bound, 1f, false);
        for (int i = bound; i < n; i++) out[i] = (float) Math.exp(x[i]);
    }

    /** Per-thread scratch for tanh's first pass (out may be x, so it cannot hold e^{-2|x|}). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    @Override
    public void tanh(float[] x, float[] out) {
        int n = x.length;
        int bound = S.loopBound(n);
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        float[] e = holder[0];
        expLoop(x, e, bound, -2f, true);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector t = FloatVector.fromArray(S, e, i);
            FloatVector a = v.abs();
            // large |x|: (1 - e^{-2|x|}) / (1 + e^{-2|x|}); small |x|: odd Taylor series (no cancellation)
            FloatVector big = t.neg().add(1f).div(t.add(1f));
            FloatVector a2 = a.mul(a);
            FloatVector small = a2.mul(-17f / 315f).add(2f / 15f).mul(a2).add(-1f / 3f).mul(a2).mul(a).add(a);
            FloatVector r = big.blend(small, a.compare(VectorOperators.LT, 0.125f));
            r.blend(r.neg(), v.compare(VectorOperators.LT, 0f)).blend(v, v.test(VectorOperators.IS_NAN))
                    .intoArray(out, i);
        }
        for (int i = bound; i < n; i++) out[i] = Unary.tanh(x[i]);
    }

    @Override
    public void sigmoid(float[] x, float[] out) {
        int n = x.length;
        int bound = S.loopBound(n);
        expLoop(x, out, bound, -1f, false);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < bound; i += S.length()) {
            one.div(FloatVector.fromArray(S, out, i).add(1f)).intoArray(out, i); // e = +inf gives exactly 0
        }
        for (int i = bound; i < n; i++) out[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }
}
