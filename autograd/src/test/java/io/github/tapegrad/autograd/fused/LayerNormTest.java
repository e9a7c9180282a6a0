package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Primitive;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tapegrad.autograd.fused.LayerNormReference.composite;
import static io.github.tapegrad.autograd.fused.LayerNormReference.randn;
import static io.github.tapegrad.autograd.fused.LayerNormReference.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** layerNorm's known values, its values and gradients against the plain formulas, and its errors. */
class LayerNormTest {

    @Test
    void knownValues() {
        double s = Math.sqrt(1.5); // x = [1, 2, 3]: mean 2, biased variance 2/3
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        assertArrayEquals(new double[] {-s, 0, s}, FusedOps.layerNorm(x, null, null, 0).toDoubleArray(), 1e-15);
        Tensor gamma = Tensor.of(new double[] {1, 2, 3});
        Tensor beta = Tensor.of(new double[] {0.5, 0, -0.5});
        assertArrayEquals(new double[] {0.5 - s, 0, 3 * s - 0.5},
                FusedOps.layerNorm(x, gamma, beta, 0).toDoubleArray(), 1e-15);
        // a constant row normalizes to 0 (then beta); eps keeps it finite
        assertArrayEquals(new double[] {0.5, 0, -0.5},
                FusedOps.layerNorm(Tensor.full(7, x.shape(), DType.FLOAT64), gamma, beta, 1e-5).toDoubleArray(), 0);
    }

    @Test
    void matchesThePlainDoubleFormulaForEveryLayoutOfTheAffineInputs() {
        int[][] shapes = {{5}, {2, 3, 4}, {3, 1}, {4, 2}};
        for (int[] dims : shapes) {
            int d = dims[dims.length - 1];
            Tensor x = randn(1, dims).mul(3.0).add(1.0);
            for (int mode = 0; mode < 4; mode++) {
                Tensor gamma = (mode & 1) != 0 ? randn(2, d) : null;
                Tensor beta = (mode & 2) != 0 ? randn(3, d) : null;
                double[] expected = LayerNormReference.layerNorm(x.toDoubleArray(), d, values(gamma), values(beta), 1e-5);
                Tensor y = FusedOps.layerNorm(x, gamma, beta, 1e-5);
                assertEquals(x.shape(), y.shape());
                double[] actual = y.toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-13 * (1 + Math.abs(expected[i])), x.shape() + " mode " + mode);
                }
            }
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        Tensor x = randn(4, 3, 7).mul(2.0);
        Tensor gamma = randn(5, 7);
        Tensor beta = randn(6, 7);
        Tensor up = randn(7, 3, 7);
        double[] y64 = FusedOps.layerNorm(x, gamma, beta, 1e-5).toDoubleArray();
        double[] y32 = FusedOps.layerNorm(x.toFloat(), gamma.toFloat(), beta.toFloat(), 1e-5).toDoubleArray();
        assertArrayEquals(y64, y32, 2e-6 * 8);
        List<Tensor> g64 = gradients(x, gamma, beta, up);
        List<Tensor> g32 = gradients(x.toFloat(), gamma.toFloat(), beta.toFloat(), up.toFloat());
        for (int k = 0; k < 3; k++) {
            assertEquals(DType.FLOAT32, g32.get(k).dtype());
            assertArrayEquals(g64.get(k).toDoubleArray(), g32.get(k).toDoubleArray(), 1e-5 * 8, "gradient " + k);
        }
    }

    /** Gradients of ⟨up, layerNorm(x, gamma, beta)⟩ with respect to fresh leaves of the given values. */
    private static List<Tensor> gradients(Tensor x, Tensor gamma, Tensor beta, Tensor up) {
        List<Tensor> leaves = List.of(x.detach().requiresGrad_(true), gamma.detach().requiresGrad_(true),
                beta.detach().requiresGrad_(true));
        Tensor y = FusedOps.layerNorm(leaves.get(0), leaves.get(1), leaves.get(2), 1e-5);
        return Grad.grad(y.mul(up).sum(), leaves);
    }

    /** float32 rows far from 0: the statistics accumulate in double, so the offset costs no digits. */
    @Test
    void float32RowsWithALargeCommonOffsetKeepTheirPrecision() {
        Tensor x = randn(8, 4, 64).add(1e4).toFloat();
        double[] expected = LayerNormReference.layerNorm(x.toDoubleArray(), 64, null, null, 1e-5);
        assertArrayEquals(expected, FusedOps.layerNorm(x, null, null, 1e-5).toDoubleArray(), 1e-5);
    }

    @Test
    void gradientsMatchTheCompositeInBothRules() {
        Tensor x = randn(9, 2, 3, 5).requiresGrad_(true);
        Tensor gamma = randn(10, 5).requiresGrad_(true);
        Tensor beta = randn(11, 5).requiresGrad_(true);
        Tensor up = randn(12, 2, 3, 5);
        List<Tensor> leaves = List.of(x, gamma, beta);
        Tensor loss = FusedOps.layerNorm(x, gamma, beta, 1e-5).mul(up).sum();
        List<Tensor> fast = Grad.grad(List.of(loss), leaves, null, true, false);
        List<Tensor> recorded = Grad.grad(List.of(loss), leaves, null, false, true);
        List<Tensor> expected = Grad.grad(composite(x, gamma, beta, 1e-5).mul(up).sum(), leaves);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(expected.get(k).toDoubleArray(), fast.get(k).toDoubleArray(), 1e-12, "fast " + k);
            assertArrayEquals(expected.get(k).toDoubleArray(), recorded.get(k).toDoubleArray(), 1e-12, "recorded " + k);
        }
        assertTrue(Primitive.registered().contains("layerNorm"));
    }

    @Test
    void badInputsAreRejectedNamingEveryInput() {
        Tensor x = randn(1, 2, 3);
        assertRejected(() -> FusedOps.layerNorm(x, randn(2, 4), null, 1e-5),
                "layerNorm: [2, 3] float64, [4] float64, null: gamma and beta must be [D] for x [..., D] (D = 3)");
        assertRejected(() -> FusedOps.layerNorm(x, null, randn(2, 1, 3), 1e-5),
                "layerNorm: [2, 3] float64, null, [1, 3] float64: gamma and beta must be [D]");
        assertRejected(() -> FusedOps.layerNorm(Tensor.scalar(1, DType.FLOAT64), null, null, 1e-5),
                "layerNorm: [] float64, null, null: x needs a last dimension to normalize over");
        for (double eps : new double[] {-1e-5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRejected(() -> FusedOps.layerNorm(x, null, null, eps), "layerNorm: [2, 3] float64, null, null: eps"
                    + " must be finite and at least 0, got " + eps);
        }
        assertRejected(() -> FusedOps.layerNorm(x, randn(3, 3).toFloat(), null, 1e-5),
                "layerNorm: [2, 3] float64, [3] float32, null: mixed dtypes");
        assertRejected(() -> FusedOps.layerNorm(null, null, null, 1e-5), "layerNorm: null, null, null: input 0 (x) is"
                + " required");
    }

    private static void assertRejected(Runnable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void writingSavedXOrGammaAfterTheForwardIsCaughtAndBetaIsFree() {
        for (int target = 0; target < 3; target++) {
            List<Tensor> in = List.of(randn(13, 2, 3).requiresGrad_(true), randn(14, 3).requiresGrad_(true),
                    randn(15, 3).requiresGrad_(true));
            Tensor loss = FusedOps.layerNorm(in.get(0), in.get(1), in.get(2), 1e-5).mul(randn(16, 2, 3)).sum();
            try (Grad.Scope off = Grad.off()) {
                in.get(target).mul_(-1.5);
            }
            if (target == 2) {
                loss.backward(); // beta's gradient reads no values: nothing saved, nothing to catch
                continue;
            }
            int k = target;
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("layerNorm: its input " + k), e.getMessage());
        }
    }

    @Test
    void aRowOfOneElementNormalizesToBetaWithZeroGradientForX() {
        Tensor x = randn(17, 3, 1).requiresGrad_(true);
        Tensor beta = Tensor.of(new double[] {0.25});
        Tensor y = FusedOps.layerNorm(x, null, beta, 1e-5);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25}, y.toDoubleArray(), 0);
        y.mul(randn(18, 3, 1)).sum().backward();
        assertArrayEquals(new double[3], x.grad().toDoubleArray(), 0);
        assertEquals(0, FusedOps.layerNorm(Tensor.zeros(DType.FLOAT32, 0, 4), null, null, 1e-5).numel());
    }
}
