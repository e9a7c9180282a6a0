package io.github.tapegrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API activations; loaded reflectively only when jdk.incubator.vector is present. */
final class VectorActivations implements Activations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    public VectorActivations() {
    }

    @Override
    public void exp(float[] x, float[] out) {
        int n = x.length;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) Math.exp(x[i]);
    }

    @Override
    public void tanh(float[] x, float[] out) {
        int n = x.length;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = Unary.tanh(x[i]);
    }

    @Override
    public void sigmoid(float[] x, float[] out) {
        int n = x.length;
        int i = 0;
        // 1 / (1 + exp(-x)): exp(-x) overflows to +inf for x < -88, giving exactly 0, as it should
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP).add(1f);
            one.div(v).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }
}
