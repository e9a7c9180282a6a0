package io.github.tapegrad.nn.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Numerical gradients of a {@link ReferenceProblem}'s own forward loss by central differences,
 * {@code (L(v + eps) - L(v - eps)) / (2 eps)} for every parameter entry, x, h0 and c0: an estimate
 * that shares nothing with the hand-derived backward but the forward code.
 */
public final class CentralDifferences {

    private CentralDifferences() {
    }

    public static ReferenceGradients of(ReferenceProblem problem, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("CentralDifferences.of: eps " + eps + " must be finite and > 0");
        }
        RecurrentSpec spec = problem.spec();
        double[] x = problem.x();
        double[] h0 = problem.h0();
        double[] c0 = problem.c0();
        LossWeights weights = problem.weights();

        Map<String, double[]> params = new LinkedHashMap<>();
        Map<String, double[]> named = problem.params().named();
        for (String name : named.keySet()) {
            double[] values = named.get(name);
            params.put(name, differentiate(values, eps, () -> {
                Map<String, double[]> perturbed = new LinkedHashMap<>(named);
                perturbed.put(name, values);
                return ReferenceBptt.loss(spec, ReferenceParams.fromNamed(spec, perturbed), x, h0, c0, weights);
            }));
        }
        ReferenceParams p = problem.params();
        double[] dx = differentiate(x, eps, () -> ReferenceBptt.loss(spec, p, x, h0, c0, weights));
        double[] dh0 = differentiate(h0, eps, () -> ReferenceBptt.loss(spec, p, x, h0, c0, weights));
        double[] dc0 = c0 == null ? null
                : differentiate(c0, eps, () -> ReferenceBptt.loss(spec, p, x, h0, c0, weights));
        return new ReferenceGradients(params, dx, dh0, dc0);
    }

    /** Perturbs {@code values} in place, one entry at a time, restoring each; {@code loss} reads them. */
    private static double[] differentiate(double[] values, double eps, DoubleSupplier loss) {
        double[] gradient = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            double saved = values[k];
            values[k] = saved + eps;
            double plus = loss.getAsDouble();
            values[k] = saved - eps;
            double minus = loss.getAsDouble();
            values[k] = saved;
            gradient[k] = (plus - minus) / (2 * eps);
        }
        return gradient;
    }
}
