package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.d;
import static io.github.tapegrad.autograd.TensorAssert.f;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** sum, mean, max, argmax, expand and sumTo on small hand-computed inputs. */
class ReductionsTest {
    /** [[0, 1, 2], [3, 4, 5]]. */
    private static Tensor m() {
        return Tensor.arange(6, DType.FLOAT64).reshape(2, 3);
    }

    @Test
    void sumOverDimsWithAndWithoutKeepDim() {
        assertTensor(m().sum(0, false), s(3), 3, 5, 7);
        assertTensor(m().sum(1, false), s(2), 3, 12);
        assertTensor(m().sum(-1, true), s(2, 1), 3, 12);
        assertTensor(m().sum(new int[] {0, 1}, true), s(1, 1), 15);
        assertTensor(m().sum(), s(), 15);
    }

    @Test
    void sumOfNonAdjacentDimsOfA3dTensor() {
        Tensor x = Tensor.arange(24, DType.FLOAT64).reshape(2, 3, 4);
        // element (i, j, k) = 12 i + 4 j + k; summing i and k leaves 8 * 4 j + 2 * (0+1+2+3) + 4 * 12
        assertTensor(x.sum(new int[] {0, 2}, false), s(3), 60, 92, 124);
        assertTensor(x.sum(new int[] {2, 0}, true), s(1, 3, 1), 60, 92, 124);
    }

    @Test
    void meanDividesByTheReducedCount() {
        assertTensor(m().mean(), s(), 2.5);
        assertTensor(m().mean(0, true), s(1, 3), 1.5, 2.5, 3.5);
        assertTensor(m().mean(new int[] {1}, false), s(2), 1, 4);
        assertTensor(f(new float[] {1, 2}).mean(), s(), 1.5);
    }

    @Test
    void maxAndArgmax() {
        Tensor x = d(new double[] {1, 5, 2, 7, 0, 7}, 2, 3);
        assertTensor(x.max(1, false), s(2), 5, 7);
        assertTensor(x.max(0, true), s(1, 3), 7, 5, 7);
        assertTensor(x.max(), s(), 7);
        assertArrayEquals(new int[] {1, 0}, x.argmax(1).toArray());
        assertArrayEquals(new int[] {1, 0, 1}, x.argmax(0).toArray());
    }

    @Test
    void tiesShareTheMaxGradient() {
        Tensor x = d(new double[] {1, 3, 3}).requiresGrad_(true);
        x.max().backward();
        assertTensor(x.grad(), s(3), 0, 0.5, 0.5);
    }

    @Test
    void sumGradientRepeatsTheUpstream() {
        Tensor x = m().requiresGrad_(true);
        x.sum(0, false).backward(d(new double[] {1, 2, 3}));
        assertTensor(x.grad(), s(2, 3), 1, 2, 3, 1, 2, 3);
    }

    @Test
    void expandAndSumToAreAdjoint() {
        Tensor col = d(new double[] {1, 2}, 2, 1);
        assertTensor(col.expand(Shape.of(2, 3)), s(2, 3), 1, 1, 1, 2, 2, 2);
        assertTensor(m().sumTo(Shape.of(1, 3)), s(1, 3), 3, 5, 7);
        assertTensor(m().sumTo(Shape.of(3)), s(3), 3, 5, 7);
        assertTensor(m().sumTo(Shape.of(2, 1)), s(2, 1), 3, 12);
        assertTensor(m().sumTo(Shape.scalar()), s(), 15);
        assertEquals(m().shape(), m().sumTo(Shape.of(2, 3)).shape());
    }

    @Test
    void badDimsAndEmptyMaxAreRejected() {
        assertRejected(() -> m().sum(2, false), "sum", "[2, 3]", "dimension 2");
        assertRejected(() -> m().sum(new int[] {0, -2}, false), "sum", "repeated");
        assertRejected(() -> Tensor.zeros(DType.FLOAT64, 2, 0).max(1, false), "max", "[2, 0]", "empty");
        assertRejected(() -> m().expand(Shape.of(3, 3)), "expand", "[2, 3]", "[3, 3]");
        assertRejected(() -> m().sumTo(Shape.of(2)), "sumTo", "[2, 3]", "[2]");
    }
}
