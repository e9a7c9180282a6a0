package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.check.GradCheckReport;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static io.github.tapegrad.autograd.fused.LayerNormReference.randn;
import static io.github.tapegrad.autograd.fused.LayerNormReference.spread;
import static io.github.tapegrad.autograd.fused.LayerNormReference.values;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * layerNorm over generated shapes (rank 1-3), every layout of gamma and beta (present or null), and two epsilons:
 * values against the plain-double formula, float32 against float64, and gradients against central differences,
 * first and second order (gradgradcheck), in float64.
 */
class LayerNormPropertiesTest {

    /** x's dims, which of gamma (bit 0) and beta (bit 1) are present, eps, and a seed for the values. */
    private record Case(int[] dims, int affine, double eps, long seed) {
        int d() {
            return dims[dims.length - 1];
        }

        Tensor x() {
            return spread(seed, dims);
        }

        Tensor gamma() {
            return (affine & 1) != 0 ? randn(seed + 1, d()) : null;
        }

        Tensor beta() {
            return (affine & 2) != 0 ? randn(seed + 2, d()) : null;
        }

        @Override
        public String toString() {
            return "x " + Arrays.toString(dims) + ", gamma " + ((affine & 1) != 0) + ", beta " + ((affine & 2) != 0)
                    + ", eps " + eps + ", seed " + seed;
        }
    }

    private static Gen<Case> cases(int maxSize) {
        Gen<int[]> dims = integers().between(1, 3).flatMap(rank -> org.quicktheories.generators.Generate.intArrays(
                org.quicktheories.generators.Generate.constant(rank), integers().between(1, maxSize)));
        return dims.zip(integers().between(0, 3), integers().between(0, 1), longs().all(),
                (d, affine, e, seed) -> new Case(d, affine, e == 0 ? 1e-5 : 0.1, seed));
    }

    @Test
    void valuesMatchThePlainFormulaAndFloat32AgreesWithFloat64() {
        qt().withExamples(60).forAll(cases(6)).checkAssert(c -> {
            Tensor x = c.x();
            double[] expected = LayerNormReference.layerNorm(x.toDoubleArray(), c.d(), values(c.gamma()),
                    values(c.beta()), c.eps());
            double[] y64 = FusedOps.layerNorm(x, c.gamma(), c.beta(), c.eps()).toDoubleArray();
            double[] y32 = FusedOps.layerNorm(x.toFloat(), c.gamma() == null ? null : c.gamma().toFloat(),
                    c.beta() == null ? null : c.beta().toFloat(), c.eps()).toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                double scale = 1 + Math.abs(expected[i]);
                if (Math.abs(expected[i] - y64[i]) > 1e-13 * scale || Math.abs(expected[i] - y32[i]) > 2e-6 * scale) {
                    throw new AssertionError(c + ": element " + i + " expected " + expected[i] + ", float64 " + y64[i]
                            + ", float32 " + y32[i]);
                }
            }
        });
    }

    @Test
    void firstDerivativesMatchFiniteDifferences() {
        qt().withExamples(40).forAll(cases(4)).checkAssert(c -> assertGradients(c, false));
    }

    @Test
    void secondDerivativesMatchFiniteDifferences() {
        qt().withExamples(15).forAll(cases(3)).checkAssert(c -> assertGradients(c, true));
    }

    /** Every present input is checked; absent ones stay null. */
    private static void assertGradients(Case c, boolean secondOrder) {
        List<Tensor> inputs = new ArrayList<>(List.of(c.x()));
        if (c.gamma() != null) inputs.add(c.gamma());
        if (c.beta() != null) inputs.add(c.beta());
        Function<List<Tensor>, Tensor> f = xs -> {
            int k = 1;
            Tensor gamma = c.gamma() != null ? xs.get(k++) : null;
            Tensor beta = c.beta() != null ? xs.get(k) : null;
            return FusedOps.layerNorm(xs.get(0), gamma, beta, c.eps());
        };
        GradCheckReport report = secondOrder
                ? GradCheck.checkSecondOrder(f, inputs, new SplittableRandom(c.seed()))
                : GradCheck.check(f, inputs);
        if (!report.passed()) {
            throw new AssertionError(c + (secondOrder ? " (second order)" : "") + ": " + report);
        }
    }
}
