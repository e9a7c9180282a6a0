package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Step scopes: what a closed scope made cannot be read or written through any path, what must survive does
 * (kept tensors, leaf gradients, parameters, things made before), recycled buffers really are reused, and
 * scopes nest, mix with grad modes and higher-order gradients, and refuse to be misused.
 */
class StepScopeTest {
    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims);
    }

    private static void assertRecycled(String what, Executable access) {
        IllegalStateException e = assertThrows(IllegalStateException.class, access, what);
        assertTrue(e.getMessage().contains("recycled") && e.getMessage().contains("step scope")
                && e.getMessage().contains("step.keep"), what + ": " + e.getMessage());
    }

    /** Every way to read or write a tensor's elements throws once its scope has closed, views made before too. */
    @Test
    void everyAccessToATensorFromAClosedScopeThrows() {
        Tensor live = randn(1, 3, 4);
        Tensor x = randn(2, 3, 4).requiresGrad_(true);
        Tensor y;
        Tensor scalar;
        Tensor view;
        Tensor transposed;
        Tensor narrowed;
        Tensor detached;
        Tensor loss;
        try (var step = Grad.step()) {
            y = x.mul(live).exp();
            scalar = y.sum();
            view = y.reshape(4, 3);
            transposed = y.t();
            narrowed = y.narrow(1, 1, 2);
            detached = y.detach();
            loss = y.sum();
        }
        Map<String, Executable> accesses = new LinkedHashMap<>();
        accesses.put("item", scalar::item);
        accesses.put("get", () -> y.get(0));
        accesses.put("at", () -> y.at(1, 2));
        accesses.put("toFloatArray", y::toFloatArray);
        accesses.put("toDoubleArray", y::toDoubleArray);
        accesses.put("toString", y::toString);
        accesses.put("an elementwise op", () -> y.add(live));
        accesses.put("as the other operand", () -> live.mul(y));
        accesses.put("a unary op", y::tanh);
        accesses.put("a matrix product", () -> y.matmulT(live));
        accesses.put("a reduction", y::sum);
        accesses.put("softmax", () -> y.softmax(1));
        accesses.put("a dtype conversion", y::toFloat);
        accesses.put("a view made after", () -> y.reshape(12));
        accesses.put("transpose made after", y::t);
        accesses.put("detach made after", y::detach);
        accesses.put("a view made before", () -> view.get(0));
        accesses.put("a transposed view made before", transposed::toDoubleArray);
        accesses.put("a narrowed view made before", () -> narrowed.add(1.0));
        accesses.put("a detached alias made before", detached::toDoubleArray);
        accesses.put("copy_ into it", () -> {
            try (Grad.Scope off = Grad.off()) {
                detached.copy_(live);
            }
        });
        accesses.put("copy_ from it", () -> live.detach().copy_(detached));
        accesses.put("add_ into it", () -> detached.add_(live, 1));
        accesses.put("mul_", () -> detached.mul_(2));
        accesses.put("zero_", detached::zero_);
        accesses.put("backward through its graph", loss::backward);
        accesses.put("functional grad through its graph", () -> Grad.grad(loss, List.of(x)));
        accesses.put("keep after close", () -> Grad.keep(y));
        for (Map.Entry<String, Executable> e : accesses.entrySet()) {
            assertRecycled(e.getKey(), e.getValue());
        }
        assertEquals(Shape.of(3, 4), y.shape(), "shape and dtype stay readable");
        assertEquals(DType.FLOAT64, y.dtype());
    }

    @Test
    void theMessageNamesTheOpShapeAndDtype() {
        Tensor y;
        try (var step = Grad.step()) {
            y = randn(1, 2, 5).sigmoid();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, y::toDoubleArray);
        assertTrue(e.getMessage().startsWith("the output of sigmoid [2, 5] float64 can no longer be read or written"),
                e.getMessage());
    }

    @Test
    void backwardThroughAGraphWhoseOnlyRecycledTensorIsTheRootThrows() {
        Tensor w = randn(1, 3).requiresGrad_(true);
        Tensor y;
        try (var step = Grad.step()) {
            y = w.add(w); // add's rule reads no values, and both inputs are live
        }
        assertRecycled("backward from a recycled root", () -> y.backward(Tensor.ones(DType.FLOAT64, 3)));
        assertNull(w.grad());
    }

    @Test
    void keptTensorsSurviveAndTheirBuffersAreNeverHandedOutAgain() {
        Tensor kept;
        Tensor alias;
        try (var step = Grad.step()) {
            kept = step.keep(randn(1, 64, 64).exp());
            alias = kept.reshape(4096); // a view: shares what is kept
        }
        try (Grad.Scope off = Grad.off()) {
            kept.copy_(Tensor.full(7, kept.shape(), DType.FLOAT64));
        }
        double[] before = kept.toDoubleArray();
        for (int i = 0; i < 5; i++) {
            try (var step = Grad.step()) {
                Tensor t = randn(10 + i, 64, 64).mul(3.0).exp(); // the same length: the pool's arrays are reused
                t.sum().item();
            }
        }
        assertArrayEquals(before, kept.toDoubleArray(), "a kept tensor changed: its buffer was handed out again");
        assertEquals(7.0 * 4096, alias.sum().item());
    }

    @Test
    void tensorsMadeBeforeTheScopeAndParametersMadeInsideItSurvive() {
        Tensor before = randn(1, 8, 8);
        Tensor parameter;
        try (var step = Grad.step()) {
            parameter = randn(2, 8, 8).requiresGrad_(true); // a leaf that requires grad: a parameter
            before.mul(parameter).sum().backward();
        }
        assertArrayEquals(randn(1, 8, 8).toDoubleArray(), before.toDoubleArray());
        assertArrayEquals(randn(2, 8, 8).toDoubleArray(), parameter.toDoubleArray());
        assertArrayEquals(before.toDoubleArray(), parameter.grad().toDoubleArray());
    }

    /** A training loop's shape: zeroGrad, backward, a clip that replaces the gradient, an in-place update. */
    @Test
    void leafGradientsSurviveTheirScopeAndAreRecycledOnceReplaced() {
        Tensor w = randn(1, 32, 32).requiresGrad_(true);
        Tensor x = randn(2, 32, 32);
        Tensor previous = null;
        for (int i = 0; i < 4; i++) {
            Tensor g;
            try (var step = Grad.step()) {
                w.zeroGrad();
                x.matmul(w).tanh().sum().backward();
                w.setGrad(w.grad().mul(0.5)); // as a clip does: the gradient is replaced by a scaled copy
                g = w.grad();
                try (Grad.Scope off = Grad.off()) {
                    w.add_(g, -0.01);
                }
            }
            assertNotNull(w.grad().toDoubleArray(), "the gradient outlives its scope");
            double[] expected = w.grad().toDoubleArray();
            if (previous != null) {
                Tensor old = previous;
                assertRecycled("a gradient replaced since, at a later close", old::toDoubleArray);
            }
            assertArrayEquals(expected, g.toDoubleArray());
            previous = g;
        }
    }

    /** A model dropped without zeroGrad is not kept reachable through the thread's list of leaf gradients. */
    @Test
    void aDroppedModelsGradientsAreNotHeldByTheThread() throws Exception {
        inFreshThread(() -> {
            java.lang.ref.WeakReference<Tensor> leaf = trainOnceAndDrop();
            BufferPool pool = BufferPool.current();
            assertEquals(1, pool.leafGradients.size());
            for (int attempt = 0; attempt < 20 && leaf.get() != null; attempt++) {
                System.gc();
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(leaf.get() == null, "the JVM did not collect on request");
            try (var step = Grad.step()) {
                randn(7, 4, 4).sum(); // any later close sweeps the list
            }
            assertEquals(0, pool.leafGradients.size(), "the dropped leaf's entry");
        });
    }

    private static java.lang.ref.WeakReference<Tensor> trainOnceAndDrop() {
        Tensor w = randn(3, 8, 8).requiresGrad_(true);
        try (var step = Grad.step()) {
            randn(4, 2, 8).matmul(w).sum().backward();
        }
        return new java.lang.ref.WeakReference<>(w);
    }

    @Test
    void aGradientAccumulatedOverSeveralScopesStaysCorrect() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
        for (int i = 0; i < 3; i++) {
            try (var step = Grad.step()) {
                w.mul(w).sum().backward(); // no zeroGrad: 2w accumulates
            }
        }
        assertArrayEquals(new double[] {6, 12, 18}, w.grad().toDoubleArray());
    }

    @Test
    void aBufferRecycledAtCloseIsReusedByTheNextStep() throws Exception {
        inFreshThread(() -> {
            BufferPool pool = BufferPool.current();
            Tensor w = randn(1, 16, 16).requiresGrad_(true);
            Runnable step = () -> {
                try (var s = Grad.step()) {
                    w.zeroGrad();
                    randn(2, 16, 16).matmul(w).sigmoid().mul(w).sum().backward();
                }
            };
            step.run();
            assertTrue(pool.pooledBytes() > 0, "nothing came back to the pool");
            long reused = pool.reused();
            step.run(); // its close also recycles the first step's gradient, which w no longer holds
            assertTrue(pool.reused() > reused, "the second step took no pooled array");
            long pooled = pool.pooledBytes();
            step.run();
            long given = pool.given();
            long reusedBefore = pool.reused();
            step.run();
            assertEquals(pool.given() - given, pool.reused() - reusedBefore,
                    "after warm-up a step takes from the pool exactly as many arrays as it gives back");
            assertEquals(pooled, pool.pooledBytes(), "the pool neither grows nor shrinks from step to step");
        });
    }

    @Test
    void nestedScopesRecycleWhatEachMade() {
        Tensor outer;
        Tensor inner;
        try (var a = Grad.step()) {
            outer = randn(1, 4).exp();
            try (var b = Grad.step()) {
                inner = outer.mul(2.0);
                assertEquals(2 * outer.sum().item(), inner.sum().item(), 1e-12);
            }
            assertRecycled("made in the inner scope", inner::toDoubleArray);
            assertArrayEquals(randn(1, 4).exp().toDoubleArray(), outer.toDoubleArray(), "the outer scope's tensor");
        }
        assertRecycled("made in the outer scope", outer::toDoubleArray);
    }

    @Test
    void misuseIsRefusedWithAClearMessage() throws Exception {
        StepScope once = Grad.step();
        once.close();
        IllegalStateException twice = assertThrows(IllegalStateException.class, once::close);
        assertTrue(twice.getMessage().contains("already closed"), twice.getMessage());

        StepScope outer = Grad.step();
        StepScope inner = Grad.step();
        IllegalStateException order = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(order.getMessage().contains("still open"), order.getMessage());
        inner.close();
        outer.close();

        StepScope mine = Grad.step();
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(assertThrows(IllegalStateException.class, mine::close)), "other");
        t.start();
        t.join();
        assertTrue(other.get().getMessage().contains("cannot be closed on thread other"), other.get().getMessage());
        mine.close();
    }

    @Test
    void gradModesAndRetainedGraphsWorkInsideAScope() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
        try (var step = Grad.step()) {
            Tensor y = x.mul(x).mul(x).sum();
            y.backward(null, true, false);
            y.backward(null, true, false); // retained: a second sweep through the same graph
            assertArrayEquals(new double[] {6, 24, 54}, x.grad().toDoubleArray());
            try (Grad.Scope off = Grad.off()) {
                assertTrue(!x.mul(2.0).requiresGrad());
            }
        }
        assertArrayEquals(new double[] {6, 24, 54}, x.grad().toDoubleArray());
    }

    @Test
    void higherOrderGradientsInsideAScope() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
        double[] second;
        try (var step = Grad.step()) {
            Tensor dy = Grad.grad(List.of(x.mul(x).mul(x).sum()), List.of(x), null, true, true).get(0); // 3x²
            Tensor d2 = Grad.grad(dy.sum(), List.of(x)).get(0); // 6x
            second = d2.toDoubleArray();
            x.mul(x).mul(x).sum().backward(null, false, true); // createGraph: the leaf's gradient has a graph
        }
        assertArrayEquals(new double[] {6, 12, 18}, second);
        assertArrayEquals(new double[] {3, 12, 27}, x.grad().toDoubleArray(), "a recorded leaf gradient survives");
    }

    @Test
    void aScopeOnAnotherThreadDoesNotTouchThisThreadsTensors() throws Exception {
        Tensor mine;
        try (var step = Grad.step()) {
            mine = randn(1, 4).exp();
            inFreshThread(() -> {
                try (var theirs = Grad.step()) {
                    randn(2, 4).exp().sum().item();
                }
            });
            assertArrayEquals(randn(1, 4).exp().toDoubleArray(), mine.toDoubleArray());
        }
    }

    private static void inFreshThread(Runnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
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
}
