package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import static io.github.tapegrad.autograd.TensorAssert.assertRejected;
import static io.github.tapegrad.autograd.TensorAssert.assertTensor;
import static io.github.tapegrad.autograd.TensorAssert.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reductions over nothing, as NumPy: sum 0, mean NaN (0 / 0), max and argmax an error; an empty kept
 * dimension gives an empty result. Gradients flow back as empty tensors.
 */
class EmptyReductionsTest {
    private static final double NAN = Double.NaN;

    private static Tensor empty(int... dims) {
        return Tensor.zeros(DType.FLOAT64, dims).requiresGrad_(true);
    }

    @Test
    void sumOfNothingIsZero() {
        assertTensor(empty(0).sum(), s(), 0);
        assertTensor(empty(3, 0).sum(1, false), s(3), 0, 0, 0);   // np.zeros((3, 0)).sum(1)
        assertTensor(empty(3, 0).sum(1, true), s(3, 1), 0, 0, 0);
        assertTensor(empty(0, 3).sum(0, false), s(3), 0, 0, 0);
        assertTensor(empty(0, 3).sum(1, false), s(0));            // the kept dimension is empty
        assertTensor(empty(2, 0, 3).sum(new int[] {0, 2}, false), s(0));
    }

    @Test
    void meanOfNothingIsNaN() {
        assertTensor(empty(0).mean(), s(), NAN);
        assertTensor(Tensor.zeros(DType.FLOAT32, 0).mean(), s(), NAN);
        assertTensor(empty(3, 0).mean(1, false), s(3), NAN, NAN, NAN);
        assertTensor(empty(0, 3).mean(0, true), s(1, 3), NAN, NAN, NAN);
        assertTensor(empty(0, 3).mean(1, false), s(0));
        assertTensor(empty(0, 3).mean(), s(), NAN);
    }

    @Test
    void maxOfNothingIsAnErrorNamingTheOpShapeAndDimension() {
        assertRejected(() -> empty(0).max(), "max: [0] float64: cannot reduce an empty dimension (dimension 0");
        assertRejected(() -> empty(3, 0).max(1, false), "max: [3, 0] float64: cannot reduce an empty dimension",
                "dimension 1 has size 0");
        assertRejected(() -> empty(0, 3).max(0, true), "max: [0, 3] float64", "dimension 0 has size 0");
        assertRejected(() -> empty(2, 0, 3).max(new int[] {1, 2}, false), "max: [2, 0, 3] float64",
                "dimension 1 has size 0");
        assertTensor(empty(0, 3).max(1, false), s(0));            // nothing reduced over an empty dimension
        assertRejected(() -> empty(3, 0).argmax(1), "argmax: [3, 0] float64: cannot reduce an empty dimension");
        assertArrayEquals(new int[] {0}, empty(0, 3).argmax(1).shape().toArray());
    }

    @Test
    void softmaxOverAnEmptyDimensionIsEmpty() {
        assertTensor(empty(3, 0).softmax(1), s(3, 0));
        assertTensor(empty(3, 0).logSoftmax(-1), s(3, 0));
        assertTensor(empty(0, 3).softmax(1), s(0, 3));
    }

    @Test
    void gradientsThroughEmptyReductionsAreEmpty() {
        Tensor x = empty(0);
        x.sum().backward();
        assertTensor(x.grad(), s(0));
        Tensor y = empty(0);
        y.mean().backward();
        assertTensor(y.grad(), s(0));
        Tensor z = empty(3, 0);
        z.mean(1, false).sum().add(z.sum(0, true).sum()).add(z.softmax(1).sum()).backward();
        assertTensor(z.grad(), s(3, 0));
        Tensor w = empty(0, 3);
        w.max(1, false).sum().add(w.mean(0, false).sum()).backward();
        assertTensor(w.grad(), s(0, 3));
        assertEquals(0, w.grad().numel());
    }
}
