package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.github.tapegrad.autograd.TensorAssert.assertApprox;
import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.f;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factories, element access, printing, seeded randomness, and the in-place family with its guards. */
class TensorTest {

    @Test
    void factories() {
        assertTensor(Tensor.zeros(DType.FLOAT64, 2, 2), s(2, 2), 0, 0, 0, 0);
        assertTensor(Tensor.ones(Shape.of(3), DType.FLOAT32), s(3), 1, 1, 1);
        assertTensor(Tensor.full(2.5, Shape.of(1, 2), DType.FLOAT64), s(1, 2), 2.5, 2.5);
        assertTensor(Tensor.scalar(4, DType.FLOAT64), s(), 4);
        assertTensor(Tensor.of(new double[] {5}, Shape.scalar()), s(), 5);
        assertTensor(d(new double[] {1, 2, 3}), s(3), 1, 2, 3);
        assertEquals(DType.FLOAT32, f(new float[] {1}).dtype());
        assertRejected(() -> d(new double[] {1, 2, 3}, 2, 2), "of", "3 values", "[2, 2]");
    }

    @Test
    void factoriesCopyTheirInput() {
        double[] raw = {1, 2};
        Tensor t = d(raw);
        raw[0] = 9;
        t.toDoubleArray()[1] = 9;
        assertTensor(t, s(2), 1, 2);
    }

    @Test
    void arange() {
        assertTensor(Tensor.arange(0, 1, 0.25, DType.FLOAT64), s(4), 0, 0.25, 0.5, 0.75);
        assertTensor(Tensor.arange(3, 0, -1, DType.FLOAT64), s(3), 3, 2, 1);
        assertTensor(Tensor.arange(4, DType.FLOAT32), s(4), 0, 1, 2, 3);
        assertTensor(Tensor.arange(2, 1, 1, DType.FLOAT64), s(0));
        assertRejected(() -> Tensor.arange(0, 1, 0, DType.FLOAT64), "arange", "step 0");
    }

    @Test
    void itemAndElementAccess() {
        assertEquals(4, Tensor.scalar(4, DType.FLOAT64).item());
        assertEquals(3, d(new double[] {3}, 1, 1).item());
        assertRejected(() -> d(new double[] {1, 2}).item(), "item", "[2]");
        Tensor m = Tensor.arange(6, DType.FLOAT64).reshape(2, 3);
        assertEquals(5, m.at(1, 2));
        assertEquals(4, m.get(4));
        assertEquals(3, m.dim(-1));
        assertRejected(() -> m.at(2, 0), "at", "[2, 3]", "out of bounds");
        assertRejected(() -> m.at(0), "at", "wrong rank");
    }

    @Test
    void seededRandomnessIsReproducible() {
        Tensor a = Tensor.rand(new SplittableRandom(42), DType.FLOAT64, 3, 4);
        Tensor b = Tensor.rand(new SplittableRandom(42), DType.FLOAT64, 3, 4);
        Tensor c = Tensor.rand(new SplittableRandom(43), DType.FLOAT64, 3, 4);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        assertFalse(java.util.Arrays.equals(a.toDoubleArray(), c.toDoubleArray()));
        for (double v : a.toDoubleArray()) assertTrue(v >= 0 && v < 1, "rand in [0, 1): " + v);
        for (double v : Tensor.uniform(new SplittableRandom(1), -2, -1, DType.FLOAT32, 50).toDoubleArray()) {
            assertTrue(v >= -2 && v <= -1, "uniform in [-2, -1): " + v);
        }
        assertArrayEquals(Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 6).toDoubleArray(),
                Tensor.randn(new SplittableRandom(5), DType.FLOAT64, 6).toDoubleArray());
    }

    @Test
    void toStringShowsValuesShapeDtypeAndOrigin() {
        assertEquals("tensor([1.000, 2.500], shape=[2], dtype=float64)", d(new double[] {1, 2.5}).toString());
        assertEquals("tensor(3.000, shape=[], dtype=float32)", Tensor.scalar(3, DType.FLOAT32).toString());
        assertEquals("tensor([[0.000, 1.000], [2.000, 3.000]], shape=[2, 2], dtype=float64)",
                Tensor.arange(4, DType.FLOAT64).reshape(2, 2).toString());
        assertEquals("tensor([0.000, 1.000, 2.000, ..., 7.000, 8.000, 9.000], shape=[10], dtype=float64)",
                Tensor.arange(10, DType.FLOAT64).toString());
        Tensor x = d(new double[] {1}).requiresGrad_(true);
        assertTrue(x.toString().endsWith(", requiresGrad)"), x.toString());
        assertTrue(x.mul(2).toString().endsWith(", op=mul)"), x.mul(2).toString());
    }

    @Test
    void inPlaceOpsOnALeafWithRecordingOff() {
        Tensor p = d(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad_(true);
        try (Grad.Scope off = Grad.off()) {
            assertSame(p, p.add_(d(new double[] {10, 20}), 0.5));
            assertTensor(p, s(2, 2), 6, 12, 8, 14);
            p.mul_(0.5);
            assertTensor(p, s(2, 2), 3, 6, 4, 7);
            p.copy_(d(new double[] {1, 1, 1, 1}, 2, 2));
            assertTensor(p, s(2, 2), 1, 1, 1, 1);
            p.zero_();
            assertTensor(p, s(2, 2), 0, 0, 0, 0);
        }
        Tensor plain = f(new float[] {1, 2});
        plain.add_(f(new float[] {1, 1}), 2);
        assertTensor(plain, s(2), 3, 4);
    }

    @Test
    void inPlaceOpsRefuseGraphTensors() {
        Tensor p = d(new double[] {1, 2}).requiresGrad_(true);
        assertRejected(() -> p.mul_(2), "mul_", "in-place", "[2]");
        Tensor y = p.mul(2);
        try (Grad.Scope off = Grad.off()) {
            assertRejected(() -> y.zero_(), "zero_", "in-place");
            assertRejected(() -> y.add_(d(new double[] {1, 1}), 1), "add_", "in-place");
        }
        try (Grad.Scope off = Grad.off()) {
            assertRejected(() -> p.copy_(d(new double[] {1, 2, 3})), "copy_", "[2]", "[3]");
            assertRejected(() -> p.add_(d(new double[] {1, 2, 3}), 1), "add_", "[2]", "[3]");
            assertRejected(() -> p.add_(f(new float[] {1, 2}), 1), "add_", "float64", "float32");
        }
        assertRejected(() -> y.requiresGrad_(false), "requiresGrad_", "leaves");
    }

    @Test
    void detachSharesValuesButNotTheGraph() {
        Tensor x = d(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = x.mul(3);
        Tensor z = y.detach();
        assertTrue(z.isLeaf());
        assertFalse(z.requiresGrad());
        assertArrayEquals(y.toDoubleArray(), z.toDoubleArray());
        assertNull(z.grad());
        assertApprox(0, z, s(2), 3, 6);
    }
}
