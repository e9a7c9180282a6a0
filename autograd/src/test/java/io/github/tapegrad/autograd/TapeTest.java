package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tapegrad.autograd.TensorAssert.assertApprox;
import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reverse sweep: accumulation, grad modes, graph release, higher order, functional grad, anomaly mode. */
class TapeTest {

    private static Tensor leaf(double... v) {
        return d(v).requiresGrad_(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Tensor x = leaf(1, 2);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertTensor(x.grad(), s(2), 6, 6);
        x.zeroGrad();
        assertNull(x.grad());
        x.square().sum().backward();
        assertTensor(x.grad(), s(2), 2, 4);
    }

    @Test
    void fanOutAccumulates() {
        Tensor x = leaf(2);
        Tensor y = x.mul(x).add(x.exp()).add(x);   // x² + eˣ + x
        y.sum().backward();
        assertApprox(1e-12, x.grad(), s(1), 4 + Math.exp(2) + 1);
    }

    @Test
    void detachStopsTheGradient() {
        Tensor x = leaf(3);
        x.mul(x.detach()).sum().backward();
        assertTensor(x.grad(), s(1), 3);
    }

    @Test
    void gradOffRecordsNothing() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (Grad.Scope off = Grad.off()) {
            assertFalse(Grad.isEnabled());
            y = x.mul(2).tanh().sum();
        }
        assertTrue(Grad.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertRejected(y::backward, "backward", "does not require grad");
    }

    @Test
    void secondBackwardNeedsRetainGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.tanh().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());

        Tensor z = leaf(1, 2).tanh().sum();
        z.backward(null, true, false);
        assertDoesNotThrow(() -> z.backward());
    }

    @Test
    void createGraphGivesSecondDerivatives() {
        Tensor x = leaf(2);
        Tensor y = x.pow(3).sum();
        Tensor dy = Grad.grad(List.of(y), List.of(x), null, false, true).get(0);
        assertTensor(dy, s(1), 12);                      // 3x²
        Tensor d2 = Grad.grad(dy.sum(), List.of(x)).get(0);
        assertTensor(d2, s(1), 12);                      // 6x

        Tensor w = leaf(3);
        w.pow(3).sum().backward(null, false, true);
        Tensor g = w.grad();
        assertTrue(g.requiresGrad());
        w.zeroGrad();
        g.sum().backward();
        assertTensor(w.grad(), s(1), 18);
    }

    @Test
    void hessianVectorProduct() {
        // f(x, y) = x² y + y³;  H = [[2y, 2x], [2x, 6y]];  at (1, 2): H v for v = (1, -1) is (4-2, 2-12)
        Tensor p = leaf(1, 2);
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        Tensor f = x.square().mul(y).add(y.pow(3));
        Tensor g = Grad.grad(List.of(f), List.of(p), null, false, true).get(0);
        Tensor hv = Grad.grad(g.mul(d(new double[] {1, -1})).sum(), List.of(p)).get(0);
        assertApprox(1e-12, hv, s(2), 2, -10);
    }

    @Test
    void functionalGradLeavesGradUntouchedAndAcceptsNonLeaves() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2);
        Tensor y = h.square().sum();
        List<Tensor> gs = Grad.grad(y, List.of(h, x));
        assertTensor(gs.get(0), s(2), 4, 8);     // 2h
        assertTensor(gs.get(1), s(2), 8, 16);    // 2h * 2
        assertNull(x.grad());
        Tensor unused = leaf(5);
        assertTensor(Grad.grad(leaf(1).sum(), List.of(unused)).get(0), s(1), 0);
        assertRejected(() -> Grad.grad(x.sum(), List.of(d(new double[] {1}))), "grad", "does not require grad");
    }

    @Test
    void nonScalarBackwardNeedsAMatchingUpstream() {
        Tensor y = leaf(1, 2).mul(2);
        assertRejected(y::backward, "backward", "[2]", "upstream");
        assertRejected(() -> y.backward(d(new double[] {1, 2, 3})), "backward", "[2]", "[3]");
        y.backward(d(new double[] {1, 10}));
    }

    @Test
    void anomalyModeNamesTheForwardOpAndTheCallerLine() {
        Tensor x = leaf(-1, 2);
        AnomalyException e;
        try (Grad.Scope a = Grad.detectAnomaly()) {
            e = assertThrows(AnomalyException.class, () -> x.log());
        }
        assertFalse(Grad.isAnomalyDetectionEnabled());
        assertTrue(e.getMessage().contains("log"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("TapeTest"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheOpWhoseBackwardFails() {
        Tensor x = leaf(0, 4);
        AnomalyException e;
        try (Grad.Scope a = Grad.detectAnomaly()) {
            Tensor y = x.sqrt().sum();
            e = assertThrows(AnomalyException.class, y::backward);
        }
        assertTrue(e.getMessage().contains("backward of sqrt"), e.getMessage());
        assertTrue(e.getMessage().contains("TapeTest"), e.getMessage());
    }

    @Test
    void withoutAnomalyModeNonFiniteValuesPassThrough() {
        Tensor x = leaf(0, 4);
        Tensor y = x.sqrt().sum();
        y.backward();
        assertTrue(Double.isInfinite(x.grad().get(0)));
        assertTrue(Double.isNaN(leaf(-1).log().item()));
    }
}
