package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Recycling never changes a result: a few steps of a small recurrent model trained with step scopes give the
 * same losses, gradients and parameters, bit for bit, as the same steps without (float64).
 */
class StepScopePropertiesTest {

    /** Parameters of h_t = tanh(x_t W + h_{t-1} U + b), loss = mean((h_T V)²) over a batch. */
    private record Model(Tensor w, Tensor u, Tensor b, Tensor v) {
        static Model init(long seed, int in, int hidden) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Model(Tensor.uniform(r, -0.5, 0.5, DType.FLOAT64, in, hidden).requiresGrad_(true),
                    Tensor.uniform(r, -0.5, 0.5, DType.FLOAT64, hidden, hidden).requiresGrad_(true),
                    Tensor.uniform(r, -0.5, 0.5, DType.FLOAT64, hidden).requiresGrad_(true),
                    Tensor.uniform(r, -0.5, 0.5, DType.FLOAT64, hidden, 1).requiresGrad_(true));
        }

        List<Tensor> params() {
            return List.of(w, u, b, v);
        }
    }

    /**
     * One training step as a loop writes it: zeroGrad, forward over T steps, backward, a clip that replaces each
     * gradient by a scaled copy, an in-place update with momentum kept across steps; returns loss and gradients.
     */
    private static double[] step(Model m, List<Tensor> momentum, Tensor x, int steps) {
        for (Tensor p : m.params()) p.zeroGrad();
        Tensor h = Tensor.zeros(DType.FLOAT64, x.dim(1), m.u().dim(0));
        for (int t = 0; t < steps; t++) {
            h = x.select(0, t).matmul(m.w()).add(h.matmul(m.u())).add(m.b()).tanh();
        }
        Tensor loss = h.matmul(m.v()).square().mean();
        loss.backward();
        List<Double> out = new ArrayList<>();
        out.add(loss.item());
        try (Grad.Scope off = Grad.off()) {
            for (int i = 0; i < momentum.size(); i++) {
                Tensor p = m.params().get(i);
                p.setGrad(p.grad().mul(0.5));
                momentum.get(i).mul_(0.9).add_(p.grad(), 1);
                p.add_(momentum.get(i), -0.1);
                for (double g : p.grad().toDoubleArray()) out.add(g);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void trainingWithStepScopesGivesTheSameBitsAsWithout() {
        qt().withExamples(15).forAll(integers().between(1, 5), integers().between(1, 6), integers().between(1, 4),
                        longs().all())
                .checkAssert((in, hidden, steps, seed) -> {
                    int batch = 3;
                    Model plain = Model.init(seed, in, hidden);
                    Model scoped = Model.init(seed, in, hidden);
                    List<Tensor> plainMomentum = new ArrayList<>();
                    List<Tensor> scopedMomentum = new ArrayList<>();
                    for (Tensor p : plain.params()) {
                        plainMomentum.add(Tensor.zeros(p.shape(), DType.FLOAT64));
                        scopedMomentum.add(Tensor.zeros(p.shape(), DType.FLOAT64));
                    }
                    SplittableRandom data = new SplittableRandom(seed ^ 0x5DEECE66DL);
                    for (int k = 0; k < 4; k++) {
                        long dataSeed = data.nextLong();
                        Tensor x = Tensor.randn(new SplittableRandom(dataSeed), DType.FLOAT64, steps, batch, in);
                        double[] expected = step(plain, plainMomentum, x, steps);
                        double[] actual;
                        try (var scope = Grad.step()) {
                            Tensor xs = Tensor.randn(new SplittableRandom(dataSeed), DType.FLOAT64, steps, batch, in);
                            actual = step(scoped, scopedMomentum, xs, steps);
                        }
                        if (!Arrays.equals(expected, actual)) {
                            throw new AssertionError("step " + k + ": loss and gradients differ with a step scope: "
                                    + Arrays.toString(actual) + " vs " + Arrays.toString(expected));
                        }
                        for (int i = 0; i < 4; i++) {
                            if (!Arrays.equals(plain.params().get(i).toDoubleArray(),
                                    scoped.params().get(i).toDoubleArray())) {
                                throw new AssertionError("step " + k + ": parameter " + i + " differs");
                            }
                            if (!Arrays.equals(plain.params().get(i).grad().toDoubleArray(),
                                    scoped.params().get(i).grad().toDoubleArray())) {
                                throw new AssertionError("step " + k + ": gradient " + i + " differs after the close");
                            }
                        }
                    }
                });
    }
}
