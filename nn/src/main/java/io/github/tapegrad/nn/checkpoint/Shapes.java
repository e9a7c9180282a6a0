package io.github.tapegrad.nn.checkpoint;

import java.util.Arrays;

/** Shape arithmetic shared by the value types and the decoder. */
final class Shapes {
    private Shapes() {
    }

    /**
     * Product of the dimensions, or -1 if a dimension is negative or the product overflows a long.
     * Callers turn -1 into the error message that suits them.
     */
    static long elementCountOrMinusOne(long[] dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                return -1;
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException overflow) {
                return -1;
            }
        }
        return count;
    }

    static long[] widen(int[] dims) {
        long[] wide = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            wide[i] = dims[i];
        }
        return wide;
    }

    /** Validates a shape for an in-memory tensor and returns its element count. */
    static int checkedElementCount(String operation, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        operation + ": shape " + Arrays.toString(shape) + " has a negative dimension " + d);
            }
        }
        long count = elementCountOrMinusOne(widen(shape));
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    operation + ": shape " + Arrays.toString(shape) + " has more elements than a Java array can hold");
        }
        return (int) count;
    }
}
