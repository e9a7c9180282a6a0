package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fused primitives against the composite ops they replace, and the memory reuse behind them:
 * recycled saved buffers, batched weight-gradient GEMMs. (Their gradients are also checked against finite
 * differences, first and second order, as rows of the op table.)
 */
class FusedOpsTest {
    private static final int B = 3;
    private static final int H = 5;

    private static Tensor randn(DType dtype, long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), dtype, dims);
    }

    /** h', c' of the LSTM written out with separate ops (as in LSTMCell's class comment). */
    private static List<Tensor> composite(Tensor gates, Tensor c) {
        List<Tensor> g = gates.chunk(4, 1);
        Tensor cNext = g.get(1).sigmoid().mul(c).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
        return List.of(g.get(3).sigmoid().mul(cNext.tanh()), cNext);
    }

    @Test
    void lstmPointwiseHasTheCompositesValuesBitForBit() {
        for (DType dtype : DType.values()) {
            Tensor gates = randn(dtype, 1, B, 4 * H).mul(3.0);
            Tensor c = randn(dtype, 2, B, H);
            List<Tensor> fused = FusedOps.lstmPointwise(gates, c);
            List<Tensor> plain = composite(gates, c);
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(plain.get(k).toDoubleArray(), fused.get(k).toDoubleArray(), 0.0, dtype + " output " + k);
            }
        }
    }

    @Test
    void lstmPointwiseGradientsMatchTheComposite() {
        Tensor gates = randn(DType.FLOAT64, 3, B, 4 * H).requiresGrad_(true);
        Tensor c = randn(DType.FLOAT64, 4, B, H).requiresGrad_(true);
        Tensor wh = randn(DType.FLOAT64, 5, B, H);
        Tensor wc = randn(DType.FLOAT64, 6, B, H);
        List<Tensor> fused = Grad.grad(loss(FusedOps.lstmPointwise(gates, c), wh, wc), List.of(gates, c));
        List<Tensor> plain = Grad.grad(loss(composite(gates, c), wh, wc), List.of(gates, c));
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(plain.get(k).toDoubleArray(), fused.get(k).toDoubleArray(), 1e-14);
        }
    }

    private static Tensor loss(List<Tensor> hc, Tensor wh, Tensor wc) {
        return hc.get(0).mul(wh).sum().add(hc.get(1).mul(wc).sum());
    }

    /** Its saved buffers go back to the pool at release: the outputs, a retained graph and later steps are unharmed. */
    @Test
    void recycledSavedBuffersNeverChangeWhatTheCallerHolds() {
        Tensor gates = randn(DType.FLOAT32, 7, B, 4 * H).requiresGrad_(true);
        Tensor c = randn(DType.FLOAT32, 8, B, H).requiresGrad_(true);
        List<Tensor> hc = FusedOps.lstmPointwise(gates, c);
        double[] h = hc.get(0).toDoubleArray();
        double[] cNext = hc.get(1).toDoubleArray();
        Tensor loss = hc.get(0).sum().add(hc.get(1).square().sum());
        loss.backward(null, true, false);
        double[] first = gates.grad().toDoubleArray();
        gates.zeroGrad();
        loss.backward(); // the retained graph still has its buffers; this releases them
        assertArrayEquals(first, gates.grad().toDoubleArray(), 0.0);
        for (int i = 0; i < 20; i++) { // reuse the pool: same-sized steps draw the released buffers
            FusedOps.lstmPointwise(randn(DType.FLOAT32, 9 + i, B, 4 * H).requiresGrad_(true), c).get(0).sum().backward();
        }
        assertArrayEquals(h, hc.get(0).toDoubleArray(), 0.0);
        assertArrayEquals(cNext, hc.get(1).toDoubleArray(), 0.0);
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void linearSplitEqualsLinearThenChunk() {
        Tensor x = randn(DType.FLOAT64, 10, 6, 4).requiresGrad_(true);
        Tensor w = randn(DType.FLOAT64, 11, 7, 4).requiresGrad_(true);
        Tensor b = randn(DType.FLOAT64, 12, 7).requiresGrad_(true);
        Tensor up = randn(DType.FLOAT64, 13, 6, 7);
        List<Tensor> pieces = FusedOps.linearSplit(x, w, b, 3);
        List<Tensor> chunks = x.linear(w, b).chunk(3, 0);
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(chunks.get(p).toDoubleArray(), pieces.get(p).toDoubleArray(), 0.0);
        }
        List<Tensor> viaSplit = Grad.grad(Tensor.concat(pieces, 0).mul(up).sum(), List.of(x, w, b));
        List<Tensor> viaChunk = Grad.grad(Tensor.concat(chunks, 0).mul(up).sum(), List.of(x, w, b));
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(viaChunk.get(k).toDoubleArray(), viaSplit.get(k).toDoubleArray(), 1e-13);
        }
    }

    /**
     * A weight used by many matmuls: backward() batches the per-use gradient GEMMs into one at the end of
     * the sweep, the functional path (which never defers) sums separate gradients; both agree.
     */
    @Test
    void weightUsedAtEveryStepGetsTheSameGradientBothWays() {
        Tensor w = randn(DType.FLOAT64, 14, 6, 5).requiresGrad_(true);
        Tensor h = randn(DType.FLOAT64, 15, 2, 6);
        List<Tensor> outs = new ArrayList<>();
        for (int t = 0; t < 7; t++) {
            Tensor x = randn(DType.FLOAT64, 16 + t, 2, 5);
            h = x.linear(w, h).tanh(); // h·... uses w at every step, as a recurrent weight
            outs.add(h);
        }
        Tensor loss = Tensor.stack(outs, 0).square().sum();
        List<Tensor> functional = Grad.grad(List.of(loss), List.of(w), null, true, false);
        loss.backward();
        assertArrayEquals(functional.get(0).toDoubleArray(), w.grad().toDoubleArray(), 1e-12);
    }
}
