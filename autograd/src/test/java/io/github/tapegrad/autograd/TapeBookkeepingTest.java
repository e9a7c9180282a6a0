package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tape's bookkeeping, seen from outside: gradients handed out survive the buffer pool, a weight's
 * gradient is one buffer added into in place, a sweep's temporaries go back to the pool, and a sweep that
 * fails leaves no partial sums behind for the next one.
 */
class TapeBookkeepingTest {
    private static final int N = 48; // 48 × 48 = 2304 elements: above the pool's minimum length

    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT32, dims);
    }

    /** A loss whose backward allocates several N×N temporaries of the gradient's length. */
    private static Tensor loss(Tensor x, Tensor w) {
        return x.matmul(w).tanh().matmul(w).sigmoid().sum();
    }

    @Test
    void aLeafsGradientSurvivesLaterSweepsThatRecycleTheirTemporaries() {
        Tensor w = randn(1, N, N).requiresGrad_(true);
        loss(randn(2, N, N), w).backward();
        float[] first = w.grad().toFloatArray();
        Tensor v = randn(3, N, N).requiresGrad_(true);
        for (int i = 0; i < 3; i++) {
            loss(randn(4 + i, N, N), v).backward();
        }
        assertArrayEquals(first, w.grad().toFloatArray(), "w.grad() was overwritten by later sweeps");
    }

    @Test
    void functionalGradientsOfLeavesAndNonLeavesSurviveLaterSweeps() {
        Tensor w = randn(1, N, N).requiresGrad_(true);
        Tensor h = randn(2, N, N).matmul(w);
        List<Tensor> gs = Grad.grad(List.of(h.tanh().matmul(w).sigmoid().sum()), List.of(w, h), null, false, false);
        float[] gw = gs.get(0).toFloatArray();
        float[] gh = gs.get(1).toFloatArray();
        for (int i = 0; i < 3; i++) {
            Tensor v = randn(5 + i, N, N).requiresGrad_(true);
            Grad.grad(loss(randn(9 + i, N, N), v), List.of(v));
        }
        assertArrayEquals(gw, gs.get(0).toFloatArray(), "a leaf's functional gradient was overwritten");
        assertArrayEquals(gh, gs.get(1).toFloatArray(), "a non-leaf's functional gradient was overwritten");
    }

    @Test
    void aWeightsGradientIsOneBufferThatLaterBackwardsAddInto() {
        Tensor x = randn(1, N, N);
        Tensor w = randn(2, N, N).requiresGrad_(true);
        x.matmul(w).sum().backward();
        Tensor g = w.grad();
        float[] once = g.toFloatArray();
        x.matmul(w).sum().backward();
        assertSame(g, w.grad(), "the second backward added into the first one's buffer");
        float[] twice = w.grad().toFloatArray();
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-4 * Math.abs(once[i]) + 1e-5);
    }

    @Test
    void aGradientSetByTheUserIsNeverWrittenInPlace() {
        Tensor x = randn(1, N, N);
        Tensor w = randn(2, N, N).requiresGrad_(true);
        Tensor mine = Tensor.zeros(DType.FLOAT32, N, N);
        w.setGrad(mine);
        x.matmul(w).sum().backward();
        assertNotSame(mine, w.grad());
        assertArrayEquals(new float[N * N], mine.toFloatArray(), "the user's tensor was written");
        Tensor expected = Grad.grad(x.matmul(w).sum(), List.of(w)).get(0);
        assertArrayEquals(expected.toFloatArray(), w.grad().toFloatArray());
    }

    @Test
    void aSweepReturnsItsTemporariesToThePoolAndKeepsWhatItHandsOut() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> { // a new thread has an empty pool
            try {
                assertEquals(0, BufferPool.current().pooledBytes());
                Tensor w = randn(1, N, N).requiresGrad_(true);
                loss(randn(2, N, N), w).backward();
                assertTrue(BufferPool.current().pooledBytes() > 0, "no temporary went back to the pool");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void aSweepThatFailsLeavesNoPartialSumsForTheNextOne() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
        AtomicInteger calls = new AtomicInteger();
        Tensor y = x.mul(2.0);
        // an op whose rule fails once: the sweep stops after y's node received its gradient
        Tensor z = Tape.record("failsOnce", y.mul(1.0).detach(), g -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("first call fails");
            }
            return new Tensor[] {g};
        }, y);
        Tensor loss = z.add(y).sum(); // y gets a gradient from the sum before failsOnce runs
        assertThrows(IllegalStateException.class, () -> loss.backward(null, true, false));
        assertEquals(null, x.grad());
        loss.backward(null, true, false);
        // d loss / dx = 2 (through z) + 2 (through y), once: a stale sum from the failed sweep would add 2 more
        assertTrue(Arrays.equals(new double[] {4, 4, 4}, x.grad().toDoubleArray()), x.grad().toString());
    }

    @Test
    void anElementwiseGradientIsSummedInPlaceOnceTheBufferIsTheSlots() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        w.mul(3).sum().backward(); // the first term is kept as is
        w.mul(3).sum().backward(); // a new sum, now the slot's own buffer
        Tensor owned = w.grad();
        w.mul(3).sum().backward(); // added into that buffer
        assertSame(owned, w.grad());
        assertTrue(Arrays.equals(new double[] {9, 9}, w.grad().toDoubleArray()), w.grad().toString());
    }

    @Test
    void addingIntoAHeldGradientInPlaceMovesItsVersionOnEitherPath() {
        for (boolean matmul : new boolean[] {false, true}) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
            Tensor w = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2).requiresGrad_(true);
            Runnable step = () -> (matmul ? x.matmul(w) : w.mul(x)).sum().backward();
            step.run();
            step.run(); // from here on, w.grad() is a buffer the tape adds into
            Tensor held = w.grad();
            Tensor z = Tensor.of(new double[] {1, 1, 1, 1}, 2, 2).requiresGrad_(true).mul(held).sum(); // saves held
            step.run();
            assertSame(held, w.grad(), matmul ? "matmul" : "mul");
            IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
            assertTrue(e.getMessage().startsWith("mul: its input 1") && e.getMessage().contains("modified in place"),
                    e.getMessage());
        }
    }

    @Test
    void aSavedOutputWrittenAfterTheForwardIsCaughtBeforeItsRuleRuns() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = x.exp();
        try (Grad.Scope off = Grad.off()) {
            y.detach().mul_(2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("exp: its output"), e.getMessage());
        assertEquals(null, x.grad(), "the rule did not run");
    }

    @Test
    void opsOnConstantsRecordNothing() {
        Tensor c = Tensor.of(new double[] {1, 2});
        Tensor y = c.exp().mul(c);
        List<Tensor> parts = c.chunk(2, 0);
        for (Tensor t : List.of(y, parts.get(0), parts.get(1))) {
            assertTrue(!t.requiresGrad() && t.isLeaf(), t.toString());
        }
    }

    @Test
    void onlyALeafHoldsAGradient() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        assertThrows(IllegalArgumentException.class, () -> y.setGrad(Tensor.of(new double[] {1, 1})));
        y.zeroGrad(); // nothing to clear
        assertEquals(null, y.grad());
        x.setGrad(Tensor.of(new double[] {5, 6}));
        x.zeroGrad();
        assertEquals(null, x.grad());
    }

    @Test
    void functionalGradNeedsOneUpstreamPerOutput() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grad.grad(
                List.of(x.mul(2.0), x.mul(3.0)), List.of(x), List.of(Tensor.ones(DType.FLOAT64, 2)), false, false));
        assertTrue(e.getMessage().contains("2 outputs but 1 upstream"), e.getMessage());
    }

    @Test
    void anOutputOfASplitNobodyUsedGetsAZeroGradient() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}).requiresGrad_(true);
        x.chunk(3, 0).get(1).mul(2.0).sum().backward();
        assertTrue(Arrays.equals(new double[] {0, 0, 2, 2, 0, 0}, x.grad().toDoubleArray()), x.grad().toString());
    }

    @Test
    void anomalyModeNamesAMultiOutputOpForwardAndBackward() {
        try (Grad.Scope a = Grad.detectAnomaly()) {
            Tensor bad = Tensor.of(new double[] {1, Double.NaN, 3, 4});
            AnomalyException forward = assertThrows(AnomalyException.class, () -> bad.chunk(2, 0));
            assertTrue(forward.getMessage().startsWith("anomaly: split produced NaN in an output [2]"),
                    forward.getMessage());
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad_(true);
            Tensor part = x.chunk(2, 0).get(0); // made here: the backward's message names this line
            AnomalyException backward = assertThrows(AnomalyException.class,
                    () -> part.backward(Tensor.of(new double[] {Double.NaN, 1})));
            assertTrue(backward.getMessage().startsWith("anomaly: backward of split produced NaN")
                    && backward.getMessage().contains("TapeBookkeepingTest.java"), backward.getMessage());
        }
    }
}
