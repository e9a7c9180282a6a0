package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.github.tapegrad.autograd.TensorAssert.assertApprox;
import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.f;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** matmul, its transposed forms, batching and linear, on hand-computed values. */
class LinearAlgebraTest {
    private static final Tensor A = d(new double[] {1, 2, 3, 4}, 2, 2);
    private static final Tensor B = d(new double[] {5, 6, 7, 8}, 2, 2);

    @Test
    void twoByTwoProduct() {
        assertTensor(A.matmul(B), s(2, 2), 19, 22, 43, 50);
        assertTensor(A.matmulT(B), s(2, 2), 17, 23, 39, 53);
        assertTensor(A.tmatmul(B), s(2, 2), 26, 30, 38, 44);
        Tensor rect = d(new double[] {1, 0, 2, 0, 1, 3}, 2, 3);
        assertTensor(rect.matmul(d(new double[] {1, 2, 3}, 3, 1)), s(2, 1), 7, 11);
    }

    @Test
    void float32Product() {
        Tensor y = f(new float[] {1, 2, 3, 4}, 2, 2).matmul(f(new float[] {5, 6, 7, 8}, 2, 2));
        assertEquals(DType.FLOAT32, y.dtype());
        assertTensor(y, s(2, 2), 19, 22, 43, 50);
    }

    @Test
    void transposedFormsEqualExplicitTransposes() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3, 4);
        Tensor w = Tensor.randn(rng, DType.FLOAT64, 5, 4);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, 2, 3, 5);
        assertApprox(1e-12, x.matmulT(w), s(2, 3, 5), x.matmul(w.t()).toDoubleArray());
        assertApprox(1e-12, x.tmatmul(v), s(2, 4, 5), x.t().matmul(v).toDoubleArray());
    }

    @Test
    void batchDimsBroadcast() {
        Tensor batch = Tensor.stack(java.util.List.of(A, B), 0);        // [2, 2, 2]
        Tensor eye = d(new double[] {1, 0, 0, 1}, 1, 2, 2);
        assertTensor(batch.matmul(B), s(2, 2, 2), 19, 22, 43, 50, 67, 78, 91, 106);
        assertTensor(eye.matmul(batch), s(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor left = d(new double[] {1, 1, 1, 0}, 2, 1, 1, 2);                 // [2, 1, 1, 2] @ [2, 2, 1]
        Tensor right = d(new double[] {1, 2, 3, 4}, 2, 2, 1);
        assertTensor(left.matmul(right), s(2, 2, 1, 1), 3, 7, 1, 3);
    }

    @Test
    void gradientOfASumIsOnesTimesTheOtherFactorTransposed() {
        Tensor a = A.detach().requiresGrad_(true);
        Tensor b = B.detach().requiresGrad_(true);
        a.matmul(b).sum().backward();
        assertTensor(a.grad(), s(2, 2), 11, 15, 11, 15);   // ones @ Bᵀ
        assertTensor(b.grad(), s(2, 2), 4, 4, 6, 6);       // Aᵀ @ ones
    }

    @Test
    void linearIsXTimesWeightTransposedPlusBias() {
        Tensor x = d(new double[] {1, 2}, 1, 2);
        Tensor w = d(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertTensor(x.linear(w, d(new double[] {10, 20, 30})), s(1, 3), 11, 22, 33);
        assertTensor(x.linear(w, null), s(1, 3), 1, 2, 3);
    }

    @Test
    void errorsNameEveryShape() {
        assertRejected(() -> Tensor.zeros(DType.FLOAT64, 32, 284).matmul(Tensor.zeros(DType.FLOAT64, 256, 1024)),
                "matmul: [32, 284] @ [256, 1024]: inner dimensions 284 != 256");
        assertRejected(() -> A.matmul(d(new double[] {1, 2})), "matmul", "[2, 2]", "[2]");
        assertRejected(() -> Tensor.zeros(DType.FLOAT64, 2, 1, 1).matmul(Tensor.zeros(DType.FLOAT64, 3, 1, 1)),
                "matmul", "[2, 1, 1]", "[3, 1, 1]");
        assertRejected(() -> A.linear(d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), null), "linear", "[2, 2]", "[2, 3]");
        assertRejected(() -> A.linear(B, d(new double[] {1, 2, 3})), "linear", "[2, 2]", "[3]");
        assertRejected(() -> A.matmul(f(new float[] {1, 2, 3, 4}, 2, 2)), "matmul", "float64", "float32");
    }
}
