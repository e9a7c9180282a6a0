package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.fused.FusedOps;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Version counters on known cases: aliases, replays, functional and higher-order paths, the training loop. */
class InPlaceTest {

    private static Tensor leaf(double... v) {
        return d(v).requiresGrad_(true);
    }

    private static IllegalStateException assertModified(Runnable backward, String... fragments) {
        IllegalStateException e = assertThrows(IllegalStateException.class, backward::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }

    @Test
    void aSavedInputWrittenAfterTheForwardThrowsNamingOpTensorAndVersions() {
        Tensor x = Tensor.full(2, Shape.of(3, 4), DType.FLOAT64).requiresGrad_(true);
        Tensor loss = x.log().sum();
        try (Grad.Scope off = Grad.off()) {
            x.add_(Tensor.scalar(1, DType.FLOAT64), 1.0);
        }
        IllegalStateException e = assertModified(loss::backward);
        assertTrue(e.getMessage().startsWith("log: its input 0, [3, 4] float64, saved for backward, was modified in"
                + " place since: it is at version 1; expected version 0."), e.getMessage());
    }

    @Test
    void aWriteToADetachedAliasOfASavedOutputIsCaught() {
        Tensor x = leaf(0.5, 1);
        Tensor y = x.exp();
        Tensor loss = y.sum();
        y.detach().mul_(2); // not in a graph, so allowed; but it is y's storage
        assertModified(loss::backward, "exp: its output, [2] float64", "version 1; expected version 0");
    }

    @Test
    void aWriteThroughAReshapeOfASavedConstantIsCaught() {
        Tensor c = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = leaf(1, 1, 1, 1, 1, 1);
        Tensor loss = w.mul(c.reshape(6)).sum();
        c.reshape(3, 2).zero_();
        assertModified(loss::backward, "mul: its input 1, [6] float64");
    }

    @Test
    void aWriteToAnInputNoRuleReadsIsAllowed() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        Tensor w = leaf(5, 6);
        Tensor c = d(new double[] {7, 8});
        Tensor loss = a.add(b).sum().add(w.mul(c).sum()); // add reads no values; w·c with c constant reads only c
        try (Grad.Scope off = Grad.off()) {
            a.mul_(10);
            w.zero_();
        }
        loss.backward();
        assertTensor(a.grad(), s(2), 1, 1);
        assertTensor(w.grad(), s(2), 7, 8);
    }

    @Test
    void retainedGraphsFunctionalGradAndCreateGraphAreCheckedToo() {
        Tensor x = leaf(0.1, 0.2);
        Tensor y = x.tanh();
        Tensor loss = y.sum();
        loss.backward(null, true, false);
        y.detach().add_(Tensor.scalar(1, DType.FLOAT64), 1.0);
        assertModified(() -> loss.backward(null, true, false), "tanh: its output"); // a replay
        assertModified(() -> Grad.grad(loss, List.of(x)), "tanh: its output");

        Tensor z = leaf(1, 2);
        Tensor dz = Grad.grad(List.of(z.pow(3).sum()), List.of(z), null, false, true).get(0); // 3 z², recorded
        try (Grad.Scope off = Grad.off()) {
            z.mul_(2);
        }
        assertModified(() -> dz.sum().backward(), "pow: its input 0");
    }

    @Test
    void backwardAccumulatingIntoAGradientCountsAsAWrite() {
        Tensor w = leaf(1, 2);
        w.mul(3).sum().backward();
        w.mul(3).sum().backward(); // w.grad() is now a buffer backward owns and adds into in place
        Tensor held = w.grad();
        Tensor v = leaf(5, 6);
        Tensor z = v.mul(held).sum();
        w.mul(3).sum().backward();
        assertTensor(held, s(2), 9, 9); // written in place: z's forward saw 6, 6
        assertModified(z::backward, "mul: its input 1");
    }

    @Test
    void anOptimizerUpdateAfterBackwardThenANewForwardWorks() {
        Tensor x = Tensor.randn(new SplittableRandom(1), DType.FLOAT64, 4, 3);
        Tensor w = Tensor.randn(new SplittableRandom(2), DType.FLOAT64, 3, 2).requiresGrad_(true);
        Tensor target = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 4, 2);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 5; step++) {
            Tensor loss = x.matmul(w).tanh().sub(target).square().mean();
            loss.backward();
            try (Grad.Scope off = Grad.off()) {
                w.add_(w.grad(), -0.5); // SGD, as nn's optimizers do it
            }
            w.zeroGrad();
            last = loss.item();
            first = step == 0 ? last : first;
        }
        assertTrue(last < first, "loss went from " + first + " to " + last);
        Tensor fresh = Tensor.of(w.toDoubleArray(), w.shape()).requiresGrad_(true);
        Tensor expected = Grad.grad(x.matmul(fresh).tanh().sub(target).square().mean(), List.of(fresh)).get(0);
        Tensor actual = Grad.grad(x.matmul(w).tanh().sub(target).square().mean(), List.of(w)).get(0);
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray());
    }

    /** B = 4, H = 256: every buffer is pooled (>= 1024 elements), and the pool recycles them between steps. */
    @Test
    void recycledBuffersNeverTripTheCheck() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor w = Tensor.uniform(rng, -0.1, 0.1, DType.FLOAT32, 1024, 256).requiresGrad_(true);
        Tensor xs = Tensor.uniform(rng, -1, 1, DType.FLOAT32, 12, 256);
        for (int step = 0; step < 4; step++) {
            Tensor h = Tensor.zeros(DType.FLOAT32, 4, 256);
            Tensor c = Tensor.zeros(DType.FLOAT32, 4, 256);
            List<Tensor> inputs = FusedOps.linearSplit(xs, w, null, 3);
            for (Tensor in : inputs) {
                List<Tensor> hc = FusedOps.lstmPointwise(h.linear(w, in), c);
                h = hc.get(0);
                c = hc.get(1);
            }
            h.square().sum().backward();
            assertEquals(Shape.of(1024, 256), w.grad().shape());
            try (Grad.Scope off = Grad.off()) {
                w.add_(w.grad(), -0.01);
            }
            w.zeroGrad();
        }
    }

    @Test
    void anomalyModeAddsWhereTheOpWasCalled() {
        Tensor x = leaf(1, 2);
        Tensor loss;
        try (Grad.Scope anomaly = Grad.detectAnomaly()) {
            loss = x.relu().sum();
        }
        try (Grad.Scope off = Grad.off()) {
            x.mul_(-1);
        }
        assertModified(loss::backward, "relu: its input 0", "relu was called at " + InPlaceTest.class.getName());
    }
}
