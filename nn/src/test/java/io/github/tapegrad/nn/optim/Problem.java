package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated optimisation case: parameters with start values and, per step, the gradient each
 * parameter must receive. Gradients are delivered by autograd: backward of sum(θ ⊙ c) gives exactly c.
 */
record Problem(double[][] start, double[][][] grads) {
    static Problem generate(long seed, int numel, int steps) {
        SplittableRandom rng = new SplittableRandom(seed);
        int params = 2;
        double[][] start = new double[params][numel + params - 1];
        double[][][] grads = new double[steps][params][];
        for (int p = 0; p < params; p++) {
            for (int i = 0; i < start[p].length; i++) start[p][i] = rng.nextDouble(-2, 2);
        }
        for (int s = 0; s < steps; s++) {
            for (int p = 0; p < params; p++) {
                grads[s][p] = new double[start[p].length];
                for (int i = 0; i < start[p].length; i++) grads[s][p][i] = rng.nextDouble(-3, 3);
            }
        }
        return new Problem(start, grads);
    }

    Map<String, Tensor> freshParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int p = 0; p < start.length; p++) {
            out.put("p" + p, Tensor.of(start[p]).requiresGrad_(true));
        }
        return out;
    }

    /** Sets every parameter's grad to step s's gradient through a backward pass. */
    void deliverGradients(Map<String, Tensor> params, int s) {
        List<Tensor> ps = List.copyOf(params.values());
        Tensor loss = Tensor.scalar(0, DType.FLOAT64);
        for (int p = 0; p < ps.size(); p++) {
            ps.get(p).zeroGrad();
            loss = loss.add(ps.get(p).mul(Tensor.of(grads[s][p])).sum());
        }
        loss.backward();
    }

    int steps() {
        return grads.length;
    }
}
