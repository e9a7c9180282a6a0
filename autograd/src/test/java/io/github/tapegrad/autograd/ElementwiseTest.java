package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import static io.github.tapegrad.autograd.TensorAssert.assertApprox;
import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.f;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Hand-computed values of the elementwise ops, in both dtypes. */
class ElementwiseTest {

    @Test
    void arithmeticBroadcastsRowAndColumn() {
        Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = d(new double[] {10, 20, 30});
        Tensor col = d(new double[] {2, 4}, 2, 1);
        assertTensor(a.add(row), s(2, 3), 11, 22, 33, 14, 25, 36);
        assertTensor(a.sub(col), s(2, 3), -1, 0, 1, 0, 1, 2);
        assertTensor(a.mul(col), s(2, 3), 2, 4, 6, 16, 20, 24);
        assertTensor(a.div(col), s(2, 3), 0.5, 1, 1.5, 1, 1.25, 1.5);
        assertTensor(row.add(col), s(2, 3), 12, 22, 32, 14, 24, 34);
        assertTensor(a.rsub(1), s(2, 3), 0, -1, -2, -3, -4, -5);
        assertTensor(a.neg().add(Tensor.scalar(1, DType.FLOAT64)), s(2, 3), 0, -1, -2, -3, -4, -5);
    }

    @Test
    void float32StaysFloat32() {
        Tensor a = f(new float[] {1.5f, -2f});
        Tensor y = a.mul(a).add(1);
        assertEquals(DType.FLOAT32, y.dtype());
        assertTensor(y, s(2), 3.25, 5);
        assertApprox(1e-6, a.exp(), s(2), Math.exp(1.5), Math.exp(-2));
    }

    @Test
    void unaryFunctions() {
        assertTensor(d(new double[] {1, 2, 3}).pow(2), s(3), 1, 4, 9);
        assertTensor(d(new double[] {4, 9}).pow(0.5), s(2), 2, 3);
        assertTensor(d(new double[] {0, 1}).exp(), s(2), 1, Math.E);
        assertTensor(d(new double[] {1, Math.E}).log(), s(2), 0, 1);
        assertTensor(d(new double[] {4, 0.25}).sqrt(), s(2), 2, 0.5);
        assertTensor(d(new double[] {0, 100}).tanh(), s(2), 0, 1);
        assertTensor(d(new double[] {0, Math.log(3)}).sigmoid(), s(2), 0.5, 0.75);
        assertTensor(d(new double[] {-1, 0, 2}).relu(), s(3), 0, 0, 2);
        assertTensor(d(new double[] {-1.5, 0, 2}).abs(), s(3), 1.5, 0, 2);
        assertTensor(d(new double[] {-3, 0.2, 7}).clamp(-1, 1), s(3), -1, 0.2, 1);
        assertTensor(d(new double[] {-2}).square(), s(1), 4);
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        assertTensor(d(new double[] {-1000, 1000}).sigmoid(), s(2), 0, 1);
        assertTensor(f(new float[] {-1000f, 1000f}).sigmoid(), s(2), 0, 1);
    }

    @Test
    void clampRejectsAnEmptyRange() {
        assertRejected(() -> d(new double[] {1}).clamp(2, 1), "clamp", "[1]");
    }

    @Test
    void comparisonsAreConstantMasks() {
        Tensor x = d(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor two = Tensor.scalar(2, DType.FLOAT64);
        assertTensor(x.gt(two), s(3), 0, 0, 1);
        assertTensor(x.ge(two), s(3), 0, 1, 1);
        assertTensor(x.lt(two), s(3), 1, 0, 0);
        assertTensor(x.le(two), s(3), 1, 1, 0);
        assertTensor(x.eq(two), s(3), 0, 1, 0);
        assertFalse(x.gt(two).requiresGrad());
    }

    @Test
    void whereBroadcastsAndRoutesGradients() {
        Tensor mask = d(new double[] {1, 0, 1});
        Tensor a = d(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor b = Tensor.scalar(-1, DType.FLOAT64).requiresGrad_(true);
        Tensor y = Tensor.where(mask, a, b);
        assertTensor(y, s(3), 1, -1, 3);
        y.sum().backward();
        assertTensor(a.grad(), s(3), 1, 0, 1);
        assertTensor(b.grad(), s(), 1);
    }

    @Test
    void kinksUseTheDocumentedSubgradient() {
        Tensor x = d(new double[] {-1, 0, 1}).requiresGrad_(true);
        x.relu().sum().backward();
        assertTensor(x.grad(), s(3), 0, 0, 1);
        x.zeroGrad();
        x.abs().sum().backward();
        assertTensor(x.grad(), s(3), -1, 0, 1);
        x.zeroGrad();
        x.clamp(-1, 0.5).sum().backward();
        assertTensor(x.grad(), s(3), 1, 1, 0);
    }

    @Test
    void dtypeRoundTripAndItsGradient() {
        Tensor x = d(new double[] {0.1, 2}).requiresGrad_(true);
        Tensor y = x.toFloat();
        assertEquals(DType.FLOAT32, y.dtype());
        assertApprox(1e-7, y.toDouble(), s(2), 0.1, 2);
        assertEquals(x.toDouble(), x.toDouble(), "toDouble of float64 is the tensor itself");
        y.toDouble().mul(3).sum().backward();
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertTensor(x.grad(), s(2), 3, 3);
    }

    @Test
    void mixedDTypesAreRejected() {
        assertRejected(() -> d(new double[] {1}).add(f(new float[] {1f})), "add", "float64", "float32");
    }
}
