package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

class GradClipPropertiesTest {

    static double norm(List<double[]> grads) {
        double s = 0;
        for (double[] g : grads) for (double v : g) s += v * v;
        return Math.sqrt(s);
    }

    static List<double[]> grads(Map<String, Tensor> params) {
        List<double[]> out = new ArrayList<>();
        for (Tensor p : params.values()) out.add(p.grad().toDoubleArray());
        return out;
    }

    @Test
    void clippedNormIsAtMostMaxNormAndDirectionIsKept() {
        qt().withExamples(100).forAll(longs().all(), integers().between(1, 4), doubles().between(0.01, 10))
                .checkAssert((seed, numel, maxNorm) -> {
                    Problem pr = Problem.generate(seed, numel, 1);
                    Map<String, Tensor> params = pr.freshParameters();
                    pr.deliverGradients(params, 0);
                    List<double[]> before = grads(params);
                    double total = GradClip.clipGradNorm(params.values(), maxNorm);
                    assertEquals(norm(before), total, 1e-12 * total, "returns the pre-clip norm");
                    List<double[]> after = grads(params);
                    assertTrue(norm(after) <= maxNorm * (1 + 1e-12), "norm " + norm(after) + " <= " + maxNorm);
                    double scale = total > maxNorm ? maxNorm / (total + 1e-6) : 1;
                    for (int p = 0; p < before.size(); p++) {
                        for (int i = 0; i < before.get(p).length; i++) {
                            assertEquals(before.get(p)[i] * scale, after.get(p)[i], 1e-13 * Math.abs(before.get(p)[i]),
                                    "same direction, one common factor");
                        }
                    }
                });
    }

    @Test
    void smallGradientsAreLeftUnchanged() {
        qt().withExamples(50).forAll(longs().all(), integers().between(1, 4)).checkAssert((seed, numel) -> {
            Problem pr = Problem.generate(seed, numel, 1);
            Map<String, Tensor> params = pr.freshParameters();
            pr.deliverGradients(params, 0);
            List<Tensor> gradTensors = new ArrayList<>();
            for (Tensor p : params.values()) gradTensors.add(p.grad());
            double total = GradClip.clipGradNorm(params.values(), norm(grads(params)) * 1.5);
            int k = 0;
            for (Tensor p : params.values()) {
                assertTrue(p.grad() == gradTensors.get(k++), "untouched below maxNorm");
            }
            assertTrue(total > 0);
        });
    }

    @Test
    void gradientsSharingStorageAreEachScaledOnce() {
        // y = a + b hands the same upstream gradient tensor to both leaves
        Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor b = Tensor.of(new double[] {3, 4}).requiresGrad_(true);
        Tensor upstream = Tensor.of(new double[] {3, 4});
        a.add(b).backward(upstream);
        double total = GradClip.clipGradNorm(List.of(a, b), 1.0);
        assertEquals(Math.sqrt(50), total, 1e-12);
        double s = 1.0 / (Math.sqrt(50) + 1e-6);
        assertArrayEquals(new double[] {3 * s, 4 * s}, a.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {3 * s, 4 * s}, b.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {3, 4}, upstream.toDoubleArray(), 0, "the caller's tensor is not modified");
        assertNotSame(a.grad(), b.grad());
    }

    @Test
    void parametersWithoutGradientsAreIgnored() {
        Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor unused = Tensor.zeros(DType.FLOAT64, 3).requiresGrad_(true);
        a.mul(Tensor.of(new double[] {6, 8})).sum().backward();
        assertEquals(10, GradClip.clipGradNorm(List.of(a, unused), 5), 1e-12);
        assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleArray(), 1e-6);
        assertEquals(null, unused.grad());
    }
}
