package io.github.tapegrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.tapegrad.autograd.kernels.MatMul;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A weight multiplied many times is packed once per version, and every write to it (through any in-place op, through
 * a detached view) is seen by the next product: results always equal the same product on an unmarked copy, bit for
 * bit.
 */
class PackCacheTest {
    private static final int B = 32;
    private static final int I = 96;
    private static final int O = 80;

    @Test
    void repeatedProductsPackOnceAndEqualTheUncachedOnes() {
        assumeTrue(MatMul.packs(B, O, I), "the kernels in use do not pre-pack");
        for (DType dt : DType.values()) {
            Random rng = new Random(1);
            Tensor w = Tensor.randn(rng, dt, O, I).requiresGrad_(true);
            Tensor x = Tensor.randn(rng, dt, B, I);
            for (int i = 0; i < 4; i++) {
                assertSame(x.matmul(w.t()), x.matmul(copyOf(w).t()), dt + " forward product " + i);
                assertSame(x.matmulT(w), x.matmulT(copyOf(w)), dt + " matmulT " + i);
            }
            assertEquals(1, w.storage.packCache().packings(), "one packing for the version, not one per product");
        }
    }

    @Test
    void everyWriteToTheWeightIsSeenByTheNextProducts() {
        assumeTrue(MatMul.packs(B, O, I), "the kernels in use do not pre-pack");
        Random rng = new Random(2);
        Tensor w = Tensor.randn(rng, DType.FLOAT32, O, I).requiresGrad_(true);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, B, I);
        Tensor other = Tensor.randn(rng, DType.FLOAT32, O, I);
        Consumer<Tensor>[] writes = writes(other);
        for (Consumer<Tensor> write : writes) {
            for (int i = 0; i < 3; i++) {
                x.matmul(w.t()); // cache the current version
            }
            try (Grad.Scope off = Grad.off()) {
                write.accept(w);
            }
            for (int i = 0; i < 3; i++) {
                assertSame(x.matmul(w.t()), x.matmul(copyOf(w).t()), "product " + i + " after a write");
            }
        }
    }

    @Test
    void backwardThroughACachedWeightEqualsTheUncachedGradients() {
        assumeTrue(MatMul.packs(B, O, I), "the kernels in use do not pre-pack");
        Random rng = new Random(3);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, O, I).requiresGrad_(true);
        Tensor plain = copyOf(w).requiresGrad_(true);
        Tensor x1 = Tensor.randn(rng, DType.FLOAT64, B, I).requiresGrad_(true);
        Tensor x2 = x1.detach().requiresGrad_(true);
        Tensor y1 = x1;
        Tensor y2 = x2;
        for (int step = 0; step < 3; step++) { // a recurrence: W read as B forward and backward, three times each
            y1 = y1.matmul(w.t()).tanh().matmul(w);
            y2 = y2.matmul(plain.t()).tanh().matmul(plain);
        }
        y1.sum().backward();
        y2.sum().backward();
        assertSame(x1.grad(), x2.grad());
        assertSame(w.grad(), plain.grad());
    }

    @Test
    void tensorsThatNeedNoGradientsAreNotCached() {
        Tensor w = Tensor.randn(new Random(4), DType.FLOAT32, O, I);
        Tensor x = Tensor.randn(new Random(5), DType.FLOAT32, B, I);
        x.matmul(w.t());
        x.matmul(w.t());
        assertNull(w.storage.packCache());
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Tensor>[] writes(Tensor other) {
        return new Consumer[] {
            t -> ((Tensor) t).add_(other, 0.5),
            t -> ((Tensor) t).mul_(-2),
            t -> ((Tensor) t).copy_(other),
            t -> ((Tensor) t).detach().add_(other, 1), // through a view sharing the storage
            t -> ((Tensor) t).narrow(0, 3, 5).zero_(), // part of it only
        };
    }

    private static Tensor copyOf(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Tensor.of(t.toFloatArray(), t.shape()) : Tensor.of(t.toDoubleArray(), t.shape());
    }

    private static void assertSame(Tensor a, Tensor b) {
        assertSame(a, b, "");
    }

    private static void assertSame(Tensor a, Tensor b, String what) {
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0, what);
    }
}
