package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import static io.github.tapegrad.autograd.TensorAssert.assertApprox;
import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.f;
import static io.github.tapegrad.autograd.TensorAssert.s;

/** softmax and logSoftmax values, stability with huge logits, and their gradients. */
class SoftmaxTest {

    @Test
    void softmaxOfSmallLogits() {
        double z = 1 + Math.E + Math.E * Math.E;
        assertApprox(1e-12, d(new double[] {0, 1, 2}).softmax(0), s(3), 1 / z, Math.E / z, Math.E * Math.E / z);
        assertApprox(1e-12, d(new double[] {0, 1, 2}).logSoftmax(-1), s(3), -Math.log(z), 1 - Math.log(z),
                2 - Math.log(z));
        assertTensor(d(new double[] {3, 3, 3, 3}, 2, 2).softmax(0), s(2, 2), 0.5, 0.5, 0.5, 0.5);
    }

    @Test
    void softmaxAlongTheFirstDimOfAMatrix() {
        Tensor y = d(new double[] {0, 5, Math.log(3), 5}, 2, 2).softmax(0);
        assertApprox(1e-12, y, s(2, 2), 0.25, 0.5, 0.75, 0.5);
    }

    @Test
    void hugeLogitsDoNotOverflow() {
        assertTensor(d(new double[] {1000, -1000}).softmax(0), s(2), 1, 0);
        assertTensor(f(new float[] {1000f, -1000f}).softmax(0), s(2), 1, 0);
        assertTensor(d(new double[] {1000, 1000}).softmax(0), s(2), 0.5, 0.5);
        assertTensor(d(new double[] {1000, -1000}).logSoftmax(0), s(2), 0, -2000);
        assertTensor(f(new float[] {1000f, -1000f}).logSoftmax(0), s(2), 0, -2000);
    }

    @Test
    void logSoftmaxStaysFiniteForLargeGaps() {
        // log(softmax) would give log(0) = -inf here; the direct form gives -800
        assertTensor(d(new double[] {0, 800}).logSoftmax(0), s(2), -800, 0);
        assertTensor(f(new float[] {0f, 200f}).logSoftmax(0), s(2), -200, 0);
    }

    @Test
    void gradientsOfHugeLogitsAreFinite() {
        Tensor x = d(new double[] {1000, -1000, 0}).requiresGrad_(true);
        x.logSoftmax(0).select(0, 1).backward();
        // d log p_1 / dx = e_1 - p
        assertApprox(1e-12, x.grad(), s(3), -1, 1, 0);
    }

    @Test
    void badDimIsRejected() {
        assertRejected(() -> d(new double[] {1, 2}).softmax(1), "softmax", "[2]", "dimension 1");
        assertRejected(() -> Tensor.scalar(1, DType.FLOAT64).logSoftmax(0), "logSoftmax", "[]");
    }
}
