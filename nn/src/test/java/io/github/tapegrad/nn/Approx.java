package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on tensor values for tests. */
final class Approx {
    private Approx() {
    }

    static void assertValues(double[] expected, Tensor actual, double tol, String what) {
        assertEquals(expected.length, actual.numel(), what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double a = actual.get(i);
            if (!(Math.abs(a - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
                fail(what + ": element " + i + " expected " + expected[i] + " got " + a + " (tol " + tol + ")");
            }
        }
    }

    static void assertSame(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape "
                + Arrays.toString(expected.shape().toArray()) + " vs " + actual.shape());
        assertValues(expected.toDoubleArray(), actual, tol, what);
    }

    static void assertShape(Tensor t, int... dims) {
        assertArrayEquals(dims, t.shape().toArray(), "shape " + t.shape() + " expected " + Arrays.toString(dims));
    }
}
