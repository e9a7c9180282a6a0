package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known values of Linear, Embedding, Dropout and the losses. */
class LayersTest {

    @Test
    void linearIsXTimesWTransposedPlusBiasOverAnyLeadingDims() {
        Linear lin = new Linear(2, 3, true, DType.FLOAT64, new SplittableRandom(0));
        lin.loadStateDict(java.util.Map.of("weight", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2),
                "bias", Tensor.of(new double[] {0.5, -1, 2})), true);
        Tensor x = Tensor.of(new double[] {1, -1, 2, 0.5}, 2, 1, 2);
        Tensor y = lin.forward(x);
        Approx.assertShape(y, 2, 1, 3);
        Approx.assertValues(new double[] {-0.5, -2, 1, 3.5, 7, 15}, y, 1e-15, "linear");
    }

    @Test
    void linearDefaultInitIsWithinPytorchBounds() {
        Linear lin = new Linear(16, 5, true, DType.FLOAT32, new SplittableRandom(0));
        for (Tensor p : lin.parameters()) {
            for (double v : p.toDoubleArray()) {
                assertTrue(Math.abs(v) <= 0.25, "|" + v + "| <= 1/sqrt(16)");
            }
        }
        assertEquals(16 * 5 + 5, lin.parameterCount());
    }

    @Test
    void embeddingLooksUpRowsForIndicesOfAnyShape() {
        Embedding emb = new Embedding(4, 2, DType.FLOAT64, new SplittableRandom(0));
        Tensor w = emb.weight();
        Tensor y = emb.forward(Indices.of(new int[] {3, 0, 3, 1, 2, 2}, 2, 3));
        Approx.assertShape(y, 2, 3, 2);
        int[] ids = {3, 0, 3, 1, 2, 2};
        for (int k = 0; k < ids.length; k++) {
            assertEquals(w.at(ids[k], 1), y.at(k / 3, k % 3, 1));
        }
        y.sum().backward();
        // row 3 and row 2 were used twice
        Approx.assertValues(new double[] {1, 1, 1, 1, 2, 2, 2, 2}, w.grad(), 0, "embedding grad counts uses");
    }

    @Test
    void dropoutScalesSurvivorsAndIsIdentityInEval() {
        Dropout d = new Dropout(0.25, 11);
        Tensor x = Tensor.ones(DType.FLOAT64, 4000);
        Tensor y = d.forward(x);
        int zeros = 0;
        for (double v : y.toDoubleArray()) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-15, "value " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 850 && zeros < 1150, "about a quarter dropped: " + zeros);
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0, 1).forward(x));
    }

    @Test
    void dropoutGradientIsTheMask() {
        Dropout d = new Dropout(0.5, 3);
        Tensor x = Tensor.ones(DType.FLOAT64, 50).requiresGrad_(true);
        Tensor y = d.forward(x);
        y.sum().backward();
        Approx.assertSame(y.detach(), x.grad(), 0, "d(sum(mask*x))/dx = mask");
    }

    @Test
    void crossEntropyMatchesLogSumExpFormula() {
        double[] z = {1, 2, 0.5, -1, 0, 3};
        Tensor logits = Tensor.of(z, 2, 3);
        Indices t = Indices.of(new int[] {2, 1});
        double l0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)) - 0.5;
        double l1 = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(3)) - 0;
        assertEquals((l0 + l1) / 2, Loss.crossEntropy(logits, t).item(), 1e-14);
        assertEquals(l0 + l1, Loss.crossEntropy(logits, t, Loss.Reduction.SUM).item(), 1e-14);
        Approx.assertValues(new double[] {l0, l1}, Loss.crossEntropy(logits, t, Loss.Reduction.NONE), 1e-14, "none");
        // stable for huge logits
        Tensor big = Tensor.of(new double[] {1000, 0, -1000}, 1, 3);
        assertEquals(0, Loss.crossEntropy(big, Indices.of(new int[] {0})).item(), 1e-12);
        assertEquals(1000, Loss.nll(big, Indices.of(new int[] {2}), Loss.Reduction.MEAN).item(), 1e-12);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHot() {
        Tensor logits = Tensor.of(new double[] {0.2, -0.4, 1.1}, 1, 3).requiresGrad_(true);
        Loss.crossEntropy(logits, Indices.of(new int[] {1})).backward();
        double s = Math.exp(0.2) + Math.exp(-0.4) + Math.exp(1.1);
        Approx.assertValues(new double[] {Math.exp(0.2) / s, Math.exp(-0.4) / s - 1, Math.exp(1.1) / s},
                logits.grad(), 1e-14, "softmax - onehot");
    }

    @Test
    void mseIsMeanSquaredError() {
        Tensor p = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor t = Tensor.of(new double[] {1, 0, 4, 1}, 2, 2);
        assertEquals((0 + 4 + 1 + 9) / 4.0, Loss.mse(p, t).item(), 1e-15);
    }
}
