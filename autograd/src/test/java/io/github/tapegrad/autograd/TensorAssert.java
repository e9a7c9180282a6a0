package io.github.tapegrad.autograd;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small assertions on tensors shared by the known-value tests. */
final class TensorAssert {
    private TensorAssert() {
    }

    static Tensor d(double[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    static Tensor f(float[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    /** Shape and every value (within tol). */
    static void assertApprox(double tol, Tensor actual, int[] shape, double... values) {
        assertEquals(Shape.of(shape), actual.shape(), () -> "shape of " + actual);
        double[] a = actual.toDoubleArray();
        assertEquals(values.length, a.length, () -> "size of " + actual);
        for (int i = 0; i < a.length; i++) {
            int k = i;
            assertEquals(values[i], a[i], tol, () -> "element " + k + " of " + actual + " vs " + Arrays.toString(values));
        }
    }

    static void assertTensor(Tensor actual, int[] shape, double... values) {
        assertApprox(1e-12, actual, shape, values);
    }

    static int[] s(int... dims) {
        return dims;
    }

    /** The call throws IllegalArgumentException whose message contains every fragment. */
    static IllegalArgumentException assertRejected(Runnable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }
}
